package dev.tollgate.support;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The reactive pool with outage-friendly timeouts: connecting gives up after {@link #CONNECT_TIMEOUT_MS} (Vert.x'
 * default is 60 s, which would hold requests during a network partition), and a request waits at most
 * {@link #ACQUIRE_TIMEOUT_S} for a connection, so that an outage is answered 503 quickly
 * (docs/operations.md, "Database outage").
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    static final int CONNECT_TIMEOUT_MS = 1_000;
    static final int ACQUIRE_TIMEOUT_S = 5;

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options -> options.setConnectTimeout(CONNECT_TIMEOUT_MS));
        input.poolOptions().setConnectionTimeout(ACQUIRE_TIMEOUT_S).setConnectionTimeoutUnit(TimeUnit.SECONDS);
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(java.util.List.copyOf(input.pgConnectOptionsList()))
                .using(input.vertx()).build();
    }
}
