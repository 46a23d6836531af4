package dev.tollgate.federation.cel;

import dev.cel.common.types.CelKind;
import dev.tollgate.federation.ExpressionError;
import dev.tollgate.federation.FederationConfig;
import dev.tollgate.federation.InvalidExpressionException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles a provider's {@code attributeMapping} and {@code attributeCondition} (docs/api.md "Workload identity federation") when it is saved;
 * an expression that does not compile, or a mapping that breaks a limit, is an {@link InvalidExpressionException}.
 */
@ApplicationScoped
public class AttributeExpressions {

    public static final String SUBJECT = "google.subject";
    public static final String GROUPS = "google.groups";
    public static final String ATTRIBUTE_PREFIX = "attribute.";
    public static final String CONDITION_KEY = "attributeCondition";
    /** Most custom attributes one mapping may define. */
    public static final int MAX_CUSTOM_ATTRIBUTES = 50;
    /** Longest custom attribute name, after {@code attribute.}. */
    public static final int MAX_ATTRIBUTE_NAME = 100;

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final CelPrograms programs;

    public AttributeExpressions(FederationConfig config) {
        this.programs = new CelPrograms(config.cel());
    }

    /**
     * Compiles one mapping and condition on a worker thread at start-up: CEL's and protobuf's first use loads
     * classes for seconds, which must not happen on an event loop when the first provider is saved.
     */
    void warmUp(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            mapping(Map.of(SUBJECT, "assertion.sub")).apply(Map.of("sub", "warm-up"));
            condition("assertion.sub != ''");
        });
    }

    /** The compiled mapping; every problem of every key is reported at once. */
    public AttributeMapping mapping(Map<String, String> mapping) {
        List<ExpressionError> errors = new ArrayList<>(keyErrors(mapping));
        Map<String, CelPrograms.Compiled> compiled = new LinkedHashMap<>();
        mapping.forEach((key, expression) -> {
            try {
                compiled.put(key, programs.compile(CelPrograms.Environment.MAPPING, key, expression));
            } catch (InvalidExpressionException e) {
                errors.addAll(e.errors());
            }
        });
        compiled.forEach((key, program) -> typeError(key, program).ifPresent(errors::add));
        if (!errors.isEmpty()) {
            throw new InvalidExpressionException(errors);
        }
        return new AttributeMapping(compiled, programs);
    }

    /** The compiled condition, which must be able to yield a boolean. */
    public AttributeCondition condition(String expression) {
        CelPrograms.Compiled compiled = programs.compile(CelPrograms.Environment.CONDITION, CONDITION_KEY, expression);
        if (!CelPrograms.mayBe(compiled.resultType(), Set.of(CelKind.BOOL))) {
            throw new InvalidExpressionException(List.of(new ExpressionError(
                    CONDITION_KEY, "yields " + compiled.resultType().name() + ", expected bool", 0, 0)));
        }
        return new AttributeCondition(compiled, programs);
    }

    private static List<ExpressionError> keyErrors(Map<String, String> mapping) {
        List<ExpressionError> errors = new ArrayList<>();
        if (!mapping.containsKey(SUBJECT)) {
            errors.add(new ExpressionError(SUBJECT, "required mapping is missing", 0, 0));
        }
        long custom = mapping.keySet().stream()
                .filter(key -> key.startsWith(ATTRIBUTE_PREFIX))
                .count();
        if (custom > MAX_CUSTOM_ATTRIBUTES) {
            errors.add(new ExpressionError(
                    ATTRIBUTE_PREFIX + "*", custom + " custom attributes, limit " + MAX_CUSTOM_ATTRIBUTES, 0, 0));
        }
        for (String key : mapping.keySet()) {
            if (key.equals(SUBJECT) || key.equals(GROUPS)) {
                continue;
            }
            String name = key.startsWith(ATTRIBUTE_PREFIX) ? key.substring(ATTRIBUTE_PREFIX.length()) : null;
            if (name == null) {
                errors.add(new ExpressionError(
                        key, "unknown key, expected google.subject, google.groups or " + "attribute.{name}", 0, 0));
            } else if (!ATTRIBUTE_NAME.matcher(name).matches() || name.length() > MAX_ATTRIBUTE_NAME) {
                errors.add(new ExpressionError(
                        key,
                        "attribute name must match [a-z_][a-z0-9_]* and have at most " + MAX_ATTRIBUTE_NAME
                                + " characters",
                        0,
                        0));
            }
        }
        return errors;
    }

    private static Optional<ExpressionError> typeError(String key, CelPrograms.Compiled program) {
        boolean ok = key.equals(GROUPS)
                ? CelPrograms.mayBeStringList(program.resultType())
                : CelPrograms.mayBe(program.resultType(), AttributeMapping.SCALARS);
        return ok
                ? Optional.empty()
                : Optional.of(new ExpressionError(
                        key,
                        "yields " + program.resultType().name() + ", expected "
                                + (key.equals(GROUPS) ? "list(string)" : "string"),
                        0,
                        0));
    }
}
