package dev.tollgate.federation.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.federation.ExpressionError;
import dev.tollgate.federation.InvalidExpressionException;
import dev.tollgate.federation.OidcProviderSpec;
import dev.tollgate.federation.PoolLocation;
import dev.tollgate.federation.cel.AttributeCondition;
import dev.tollgate.federation.cel.AttributeExpressions;
import dev.tollgate.federation.cel.AttributeMapping;
import dev.tollgate.federation.verify.IssuerKeys;
import dev.tollgate.federation.verify.IssuerUrlPolicy;
import dev.tollgate.support.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a pool or provider must look like to be saved (docs/api.md "Workload identity federation"): ids, text limits, the OIDC settings, and an
 * attribute mapping and condition that compile. Also turns a stored provider into its compiled expressions.
 */
@ApplicationScoped
public class FederationRules {

    public static final int MAX_DISPLAY_NAME = 32;
    public static final int MAX_DESCRIPTION = 256;
    public static final int MAX_AUDIENCES = 10;
    public static final int MAX_AUDIENCE_LENGTH = 512;
    public static final int MAX_ISSUER_LENGTH = 2048;
    public static final int MAX_JWKS_BYTES = 64 * 1024;
    private static final Pattern ID = Pattern.compile("[a-z0-9-]{4,32}");
    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {};

    /** A provider's compiled expressions; the condition is absent when none is set. */
    public record Compiled(AttributeMapping mapping, Optional<AttributeCondition> condition) {}

    private final AttributeExpressions expressions;
    private final IssuerUrlPolicy urls;
    private final ObjectMapper json;

    public FederationRules(AttributeExpressions expressions, IssuerUrlPolicy urls, ObjectMapper json) {
        this.expressions = expressions;
        this.urls = urls;
        this.json = json;
    }

    /** Pool and provider ids: 4–32 of {@code [a-z0-9-]}, never starting with the reserved {@code gcp-}. */
    public static void requireValidId(String parameter, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.invalidArgument(parameter + " '" + (id == null ? "" : id)
                    + "' is invalid: expected 4 to 32 characters of [a-z0-9-].");
        }
        if (id.startsWith("gcp-")) {
            throw ApiException.invalidArgument(parameter + " '" + id + "' is invalid: the prefix 'gcp-' is reserved.");
        }
    }

    /** {@code value}, or {@code ""} for none, when it has at most {@code max} characters. */
    public static String text(String field, String value, int max) {
        String text = value == null ? "" : value;
        if (text.codePointCount(0, text.length()) > max) {
            throw ApiException.invalidArgument(field + " has more than " + max + " characters.");
        }
        return text;
    }

    /** Checks a provider as it would be saved and returns its compiled expressions. */
    public Compiled validate(ProviderEntity provider) {
        requireIssuer(provider.issuerUri);
        requireAudiences(provider.allowedAudiences);
        requireJwks(provider.jwksJson);
        return compile(mapping(provider), provider.attributeCondition);
    }

    /** The compiled expressions of a stored provider. */
    public Compiled compile(ProviderEntity provider) {
        return compile(mapping(provider), provider.attributeCondition);
    }

    /** A stored provider ready for exchanges, whatever its state; {@link ApiException} if it no longer compiles. */
    public ResolvedProvider resolved(PoolLocation location, ProviderEntity provider) {
        Compiled compiled = compile(provider);
        OidcProviderSpec spec = new OidcProviderSpec(
                location.pool().providerFullName(provider.providerId),
                provider.issuerUri,
                Arrays.asList(provider.allowedAudiences),
                Optional.ofNullable(provider.jwksJson));
        return new ResolvedProvider(location, provider.providerId, spec, compiled.mapping(), compiled.condition());
    }

    public Map<String, String> mapping(ProviderEntity provider) {
        try {
            return json.readValue(provider.attributeMapping, MAPPING);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored attribute mapping of " + provider.resource + " is not JSON", e);
        }
    }

    public String write(Map<String, String> mapping) {
        try {
            return json.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Compiled compile(Map<String, String> mapping, String condition) {
        List<ExpressionError> errors = new ArrayList<>();
        AttributeMapping compiledMapping = null;
        AttributeCondition compiledCondition = null;
        try {
            compiledMapping = expressions.mapping(mapping);
        } catch (InvalidExpressionException e) {
            errors.addAll(e.errors());
        }
        if (condition != null && !condition.isBlank()) {
            try {
                compiledCondition = expressions.condition(condition);
            } catch (InvalidExpressionException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidExpressionException(errors).toApiException();
        }
        return new Compiled(compiledMapping, Optional.ofNullable(compiledCondition));
    }

    private void requireIssuer(String issuerUri) {
        if (issuerUri == null || issuerUri.isBlank()) {
            throw ApiException.invalidArgument("oidc.issuerUri is required.");
        }
        if (issuerUri.length() > MAX_ISSUER_LENGTH) {
            throw ApiException.invalidArgument("oidc.issuerUri has more than " + MAX_ISSUER_LENGTH + " characters.");
        }
        urls.problemWith(issuerUri).ifPresent(problem -> {
            throw ApiException.invalidArgument("oidc.issuerUri '" + issuerUri + "' is refused: it " + problem + ".");
        });
    }

    private static void requireAudiences(String[] audiences) {
        if (audiences.length > MAX_AUDIENCES) {
            throw ApiException.invalidArgument("oidc.allowedAudiences has " + audiences.length + " entries; at most "
                    + MAX_AUDIENCES + " are allowed.");
        }
        if (Arrays.stream(audiences).anyMatch(a -> a == null || a.isBlank() || a.length() > MAX_AUDIENCE_LENGTH)) {
            throw ApiException.invalidArgument("oidc.allowedAudiences entries must be non-empty and have at most "
                    + MAX_AUDIENCE_LENGTH + " characters.");
        }
    }

    private static void requireJwks(String jwksJson) {
        if (jwksJson == null) {
            return;
        }
        int bytes = jwksJson.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_JWKS_BYTES) {
            throw ApiException.invalidArgument(
                    "oidc.jwksJson has " + bytes + " bytes; at most " + MAX_JWKS_BYTES + " are allowed.");
        }
        IssuerKeys.problemWithInlineJwks(jwksJson).ifPresent(problem -> {
            throw ApiException.invalidArgument("oidc.jwksJson is not a usable JWKS: " + problem + ".");
        });
    }
}
