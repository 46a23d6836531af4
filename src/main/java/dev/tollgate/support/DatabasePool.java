package dev.tollgate.support;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Future;
import io.vertx.core.impl.VertxInternal;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.spi.ConnectionFactory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reactive pool, built for outages: the TCP connect gives up after {@link #TCP_CONNECT_TIMEOUT_MS} (Vert.x'
 * default is 60 s) and the whole connection, authentication included, after {@link #CONNECT_TIMEOUT} (a partitioned
 * network or a hung server may accept and never answer), and connecting goes through a {@link DatabaseCircuit}, so that
 * while the database is unreachable requests fail at once and are answered 503 (docs/operations.md, "Database
 * outage").
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    static final int TCP_CONNECT_TIMEOUT_MS = 1_000;

    private final Clock clock;
    private volatile DatabaseCircuit circuit;

    public DatabasePool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options -> options.setConnectTimeout(TCP_CONNECT_TIMEOUT_MS));
        // No acquire timeout: in Vert.x 4.5 its timer fails the waiter a second time after a failed connect (an
        // uncaught IllegalStateException per request); the circuit bounds the wait for a connection instead.
        input.poolOptions().setConnectionTimeout(0);
        Pool pool = PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(List.copyOf(input.pgConnectOptionsList()))
                .using(input.vertx())
                .build();
        List<PgConnectOptions> targets = List.copyOf(input.pgConnectOptionsList());
        AtomicInteger next = new AtomicInteger();
        ConnectionFactory connections = PgDriver.INSTANCE.createConnectionFactory(
                input.vertx(),
                () -> Future.succeededFuture(targets.get(Math.floorMod(next.getAndIncrement(), targets.size()))));
        ((VertxInternal) input.vertx()).addCloseHook(connections);
        circuit = new DatabaseCircuit(input.vertx(), clock, CONNECT_TIMEOUT, RETRY_INTERVAL, connections::connect);
        return pool.connectionProvider(circuit::connect);
    }

    /** The circuit of the pool; empty before the pool is created. */
    public Optional<DatabaseCircuit> circuit() {
        return Optional.ofNullable(circuit);
    }
}
