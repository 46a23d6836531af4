package dev.tollgate.federation.verify;

import dev.tollgate.federation.FederationConfig;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.OffEventLoop;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The public keys of foreign OIDC issuers: discovered through {@code /.well-known/openid-configuration}, fetched
 * without blocking, cached per the issuer's {@code Cache-Control} within configured bounds, refetched (rate-limited)
 * when a token names an unknown {@code kid}, and kept for a bounded time while the issuer is unreachable.
 */
@ApplicationScoped
public class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");
    private static final int MAX_INLINE_CACHE = 1000;

    private final FederationConfig config;
    private final IssuerUrlPolicy urls;
    private final Clock clock;
    private final Vertx vertx;
    private final WebClient client;
    private final Map<String, IssuerState> issuers = new ConcurrentHashMap<>();
    private final Map<String, JsonWebKeySet> inline = new ConcurrentHashMap<>();

    public IssuerKeys(FederationConfig config, IssuerUrlPolicy urls, Clock clock, Vertx vertx) {
        this.config = config;
        this.urls = urls;
        this.clock = clock;
        this.vertx = vertx;
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setFollowRedirects(false)
                        .setUserAgent("tollgate-federation")
                        .setConnectTimeout((int) config.jwks().connectTimeout().toMillis())
                        .setKeepAlive(false)
                        .setVerifyHost(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Keys fetched and cached for one issuer: when they were fetched and until when they count as fresh. */
    public record CachedKeys(JsonWebKeySet keys, Instant fetchedAt, Instant freshUntil) {

        boolean has(String kid) {
            return keys.getJsonWebKeys().stream().anyMatch(key -> kid.equals(key.getKeyId()));
        }
    }

    private static final class IssuerState {
        volatile CachedKeys keys;
        volatile Instant lastAttempt;
        volatile FederationRejection lastFailure;
        final AtomicReference<Uni<CachedKeys>> inFlight = new AtomicReference<>();
    }

    /**
     * The issuer's keys, refreshed first when none are cached, when they are past their time, or (at most once per
     * refetch interval) when {@code kid} is not among them. Fails with a {@code keys} rejection when the issuer
     * cannot be reached and no keys within the stale grace are known.
     */
    public Uni<JsonWebKeySet> keys(String issuerUri, String kid) {
        IssuerState state = issuers.computeIfAbsent(issuerUri, uri -> new IssuerState());
        Instant now = clock.instant();
        CachedKeys cached = state.keys;
        if (cached != null && now.isBefore(cached.freshUntil()) && (cached.has(kid) || !mayFetch(state, now))) {
            return Uni.createFrom().item(cached.keys());
        }
        if (state.inFlight.get() == null && !mayFetch(state, now)) {
            Optional<JsonWebKeySet> stale = usable(state, now);
            FederationRejection lastFailure = state.lastFailure;
            if (stale.isPresent()) {
                return Uni.createFrom().item(stale.get());
            }
            if (lastFailure != null) {
                return Uni.createFrom().failure(lastFailure.exception());
            }
        }
        return OffEventLoop.onCallersContext(sharedFetch(issuerUri, state))
                .map(CachedKeys::keys)
                .onFailure(FederationRejectedException.class)
                .recoverWithUni(failure -> usable(state, clock.instant())
                        .map(keys -> Uni.createFrom().item(keys))
                        .orElseGet(() -> Uni.createFrom().failure(failure)));
    }

    /** The keys of an inline {@code jwksJson}, parsed once per distinct document. */
    public Uni<JsonWebKeySet> inlineKeys(String jwksJson) {
        JsonWebKeySet cached = inline.get(jwksJson);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        try {
            JsonWebKeySet parsed = parseJwks(jwksJson);
            if (inline.size() >= MAX_INLINE_CACHE) {
                inline.clear();
            }
            inline.put(jwksJson, parsed);
            return Uni.createFrom().item(parsed);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom()
                    .failure(new FederationRejection(Check.KEYS, "jwksJson that " + e.getMessage(), "a JWKS")
                            .exception());
        }
    }

    /** What is wrong with an inline {@code jwksJson}, for validating a provider when it is saved. */
    public static Optional<String> problemWithInlineJwks(String jwksJson) {
        try {
            parseJwks(jwksJson);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("jwksJson " + e.getMessage());
        }
    }

    /** What is cached for an issuer, for diagnostics. */
    public Optional<CachedKeys> cached(String issuerUri) {
        return Optional.ofNullable(issuers.get(issuerUri)).map(state -> state.keys);
    }

    /** Forgets every issuer's keys and fetch history (tests, and an operator's "refresh now"). */
    public void clear() {
        issuers.clear();
        inline.clear();
    }

    private boolean mayFetch(IssuerState state, Instant now) {
        Instant last = state.lastAttempt;
        return last == null || !now.isBefore(last.plus(config.jwks().refetchInterval()));
    }

    private Optional<JsonWebKeySet> usable(IssuerState state, Instant now) {
        CachedKeys cached = state.keys;
        if (cached == null
                || !now.isBefore(cached.freshUntil().plus(config.jwks().staleGrace()))) {
            return Optional.empty();
        }
        return Optional.of(cached.keys());
    }

    /** Concurrent misses for one issuer share one fetch. */
    private Uni<CachedKeys> sharedFetch(String issuerUri, IssuerState state) {
        while (true) {
            Uni<CachedKeys> running = state.inFlight.get();
            if (running != null) {
                return running;
            }
            AtomicReference<Uni<CachedKeys>> self = new AtomicReference<>();
            Uni<CachedKeys> fetch = Uni.createFrom()
                    .deferred(() -> fetch(issuerUri, state))
                    .onTermination()
                    .invoke(() -> state.inFlight.compareAndSet(self.get(), null))
                    .memoize()
                    .indefinitely();
            self.set(fetch);
            if (state.inFlight.compareAndSet(null, fetch)) {
                return fetch;
            }
        }
    }

    private Uni<CachedKeys> fetch(String issuerUri, IssuerState state) {
        state.lastAttempt = clock.instant();
        String discoveryUrl = stripSlash(issuerUri) + "/.well-known/openid-configuration";
        return get(discoveryUrl)
                .map(response -> jwksUri(discoveryUrl, response))
                .chain(this::get)
                .map(this::cachedKeys)
                .invoke(keys -> remember(issuerUri, state, keys))
                .onFailure()
                .transform(failure -> rememberFailure(issuerUri, state, failure));
    }

    private void remember(String issuerUri, IssuerState state, CachedKeys keys) {
        state.keys = keys;
        state.lastFailure = null;
        LOG.debugf(
                "fetched %d keys of issuer %s, fresh until %s",
                keys.keys().getJsonWebKeys().size(), issuerUri, keys.freshUntil());
    }

    private FederationRejectedException rememberFailure(String issuerUri, IssuerState state, Throwable failure) {
        String reason =
                failure instanceof LimitedBodyCodec.TooLargeException || failure instanceof IllegalArgumentException
                        ? failure.getMessage()
                        : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        LOG.warnf("keys of issuer %s unavailable: %s", issuerUri, reason);
        FederationRejection rejection = new FederationRejection(
                Check.KEYS,
                "issuer " + issuerUri + " whose keys could not be fetched (" + reason + ")",
                "an issuer serving its JWKS");
        state.lastFailure = rejection;
        return rejection.exception();
    }

    private Uni<HttpResponse<Buffer>> get(String url) {
        URI uri;
        try {
            uri = urls.require(url);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        String host = IssuerUrlPolicy.normalizedHost(uri.getHost());
        return vertx.executeBlocking(Uni.createFrom().item(() -> resolve(host)))
                .chain(address -> send(uri, host, address))
                .ifNoItem()
                .after(config.jwks().requestTimeout())
                .failWith(() -> new IllegalArgumentException("no answer from " + url + " within "
                        + config.jwks().requestTimeout().toSeconds() + "s"))
                .map(response -> requireOk(url, response));
    }

    private InetAddress resolve(String host) {
        try {
            return urls.pick(host, InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }

    /** Connects to the address that was checked, not to whatever a second DNS lookup would answer. */
    private Uni<HttpResponse<Buffer>> send(URI uri, String host, InetAddress address) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return client.get(port, address.getHostAddress(), path)
                .ssl(tls)
                .virtualHost(host)
                .followRedirects(false)
                .idleTimeout(config.jwks().requestTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .as(LimitedBodyCodec.of(config.jwks().maxResponseSize()))
                .send();
    }

    private static HttpResponse<Buffer> requireOk(String url, HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException(url + " answered HTTP " + response.statusCode());
        }
        return response;
    }

    private String jwksUri(String discoveryUrl, HttpResponse<Buffer> response) {
        try {
            Object jwksUri = new JsonObject(response.body()).getValue("jwks_uri");
            if (jwksUri instanceof String uri && !uri.isBlank()) {
                return uri;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(discoveryUrl + " is not a JSON object");
        }
        throw new IllegalArgumentException(discoveryUrl + " names no jwks_uri");
    }

    private CachedKeys cachedKeys(HttpResponse<Buffer> response) {
        JsonWebKeySet keys = parseJwks(response.body().toString(StandardCharsets.UTF_8));
        Instant now = clock.instant();
        return new CachedKeys(keys, now, now.plus(ttl(response.getHeader("Cache-Control"))));
    }

    Duration ttl(String cacheControl) {
        FederationConfig.Jwks bounds = config.jwks();
        Duration ttl = bounds.defaultTtl();
        if (cacheControl != null) {
            Matcher matcher = MAX_AGE.matcher(cacheControl.toLowerCase(Locale.ROOT));
            if (matcher.find()) {
                ttl = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
            } else if (cacheControl.contains("no-cache") || cacheControl.contains("no-store")) {
                ttl = Duration.ZERO;
            }
        }
        return ttl.compareTo(bounds.minTtl()) < 0
                ? bounds.minTtl()
                : ttl.compareTo(bounds.maxTtl()) > 0 ? bounds.maxTtl() : ttl;
    }

    private static JsonWebKeySet parseJwks(String json) {
        JsonWebKeySet keys;
        try {
            keys = new JsonWebKeySet(json == null ? "" : json);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("is not a JWKS document");
        }
        if (keys.getJsonWebKeys().isEmpty()) {
            throw new IllegalArgumentException("holds no usable key");
        }
        return keys;
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
