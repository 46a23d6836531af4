package dev.tollgate.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A circuit breaker on opening database connections. Once an attempt fails (refused, reset, or not established and
 * authenticated within {@code connect-timeout}), the circuit opens: every further attempt fails at once with
 * {@link DatabaseUnavailableException} instead of waiting for a timeout, while the circuit itself tries one
 * connection every {@code retry-interval} in the background; the first that succeeds closes it. Requests that need
 * the database thus answer 503 within milliseconds during an outage, and recover without any request having to
 * wait on a dead database (docs/operations.md, "Database outage").
 */
public final class DatabaseCircuit {

    private static final Logger LOG = Logger.getLogger(DatabaseCircuit.class);

    private final Vertx vertx;
    private final Clock clock;
    private final Duration connectTimeout;
    private final Duration retryInterval;
    private final Function<Context, Future<SqlConnection>> connector;
    private volatile Instant openSince;

    public DatabaseCircuit(
            Vertx vertx,
            Clock clock,
            Duration connectTimeout,
            Duration retryInterval,
            Function<Context, Future<SqlConnection>> connector) {
        this.vertx = vertx;
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.retryInterval = retryInterval;
        this.connector = connector;
    }

    /** Since when connection attempts have failed; empty while the database is reachable. */
    public Optional<Instant> openSince() {
        return Optional.ofNullable(openSince);
    }

    /**
     * Opens a connection for the pool, or fails at once while the circuit is open (on {@code context}: the pool does
     * not expect its connection provider to answer synchronously).
     */
    public Future<SqlConnection> connect(Context context) {
        Instant since = openSince;
        if (since != null) {
            Promise<SqlConnection> refused = Promise.promise();
            context.runOnContext(ignored -> refused.fail(
                    new DatabaseUnavailableException("The database has been unreachable since " + since + ".")));
            return refused.future();
        }
        return attempt(context);
    }

    private Future<SqlConnection> attempt(Context context) {
        Promise<SqlConnection> result = Promise.promise();
        long timer = vertx.setTimer(
                connectTimeout.toMillis(),
                ignored -> result.tryFail(new DatabaseUnavailableException(
                        "No database connection within " + connectTimeout.toMillis() + " ms.")));
        connector.apply(context).onComplete(outcome -> {
            vertx.cancelTimer(timer);
            if (outcome.failed()) {
                result.tryFail(new DatabaseUnavailableException("Cannot connect to the database: "
                        + outcome.cause().getClass().getSimpleName() + ": "
                        + outcome.cause().getMessage()));
            } else if (!result.tryComplete(outcome.result())) {
                outcome.result().close();
            }
        });
        return result.future().onSuccess(ignored -> closed()).onFailure(this::opened);
    }

    private void opened(Throwable cause) {
        if (openSince != null) {
            return;
        }
        synchronized (this) {
            if (openSince != null) {
                return;
            }
            openSince = clock.instant();
        }
        LOG.warnf("%s Failing fast; trying again every %d ms", cause.getMessage(), retryInterval.toMillis());
        scheduleTrial();
    }

    private void scheduleTrial() {
        vertx.setTimer(
                retryInterval.toMillis(),
                ignored -> attempt(vertx.getOrCreateContext()).onComplete(outcome -> {
                    if (outcome.succeeded()) {
                        outcome.result().close();
                    } else {
                        scheduleTrial();
                    }
                }));
    }

    private void closed() {
        Instant since = openSince;
        if (since != null) {
            openSince = null;
            LOG.infof("The database is reachable again (unreachable since %s)", since);
        }
    }
}
