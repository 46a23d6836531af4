package dev.tollgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is unreachable", and the 503 answers they get. */
class DatabaseOutageTest {

    @Test
    void isWhenRefusedConnectionWrappedThenTrue() {
        Throwable wrapped = new CompletionException(new IllegalStateException(
                "HR000001", new ConnectException("Connection refused: localhost/127.0.0.1:5432")));
        assertTrue(DatabaseOutage.is(wrapped));
    }

    @Test
    void isWhenServerShuttingDownThenTrue() {
        assertTrue(DatabaseOutage.is(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(DatabaseOutage.is(new PgException("connection failure", "FATAL", "08006", null)));
    }

    /** What a connection lost mid-query (database killed, network cut) surfaces as. */
    @Test
    void isWhenConnectionResetOrClosedThenTrue() {
        assertTrue(DatabaseOutage.is(new SocketException("Connection reset")));
        assertTrue(
                DatabaseOutage.is(new NoStackTraceThrowable("Connection is not active now, current status: CLOSED")));
    }

    /** Netty's native transport reports a reset or a broken pipe as a plain IOException (its NativeIoException). */
    @Test
    void isWhenNativeTransportResetOrBrokenPipeThenTrue() {
        assertTrue(DatabaseOutage.is(new IOException("Connection reset by peer")));
        assertTrue(DatabaseOutage.is(new CompletionException(new IOException("Broken pipe"))));
        assertFalse(DatabaseOutage.is(new IOException("No space left on device")));
    }

    @Test
    void isWhenSqlErrorOrBugThenFalse() {
        assertFalse(DatabaseOutage.is(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(DatabaseOutage.is(new IllegalStateException("bug")));
        assertFalse(DatabaseOutage.is(new NoStackTraceThrowable("Something else")));
    }

    @Test
    void unavailableWhenOAuthEndpointThenTemporarilyUnavailableWithRetryAfter() {
        Response response = ErrorMappers.unavailable("/oauth2/token");
        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertEquals("temporarily_unavailable", ((Map<?, ?>) response.getEntity()).get("error"));
    }

    @Test
    void unavailableWhenResourceThenRpcUnavailableWithRetryAfter() {
        Response response = ErrorMappers.unavailable("/v1/organizations");
        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertTrue(
                response.getEntity().toString().contains("UNAVAILABLE"),
                response.getEntity().toString());
    }
}
