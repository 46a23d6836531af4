package dev.tollgate.federation.verify;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/** A response body kept in memory only up to a limit; a larger body fails the request as soon as it passes it. */
final class LimitedBodyCodec implements BodyCodec<Buffer> {

    private final int limit;

    LimitedBodyCodec(int limit) {
        this.limit = limit;
    }

    /** For the Mutiny client; its responses then carry the core {@link Buffer} as body. */
    static io.vertx.mutiny.ext.web.codec.BodyCodec<Buffer> of(int limit) {
        return io.vertx.mutiny.ext.web.codec.BodyCodec.newInstance(new LimitedBodyCodec(limit));
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<Buffer>>> handler) {
        handler.handle(Future.succeededFuture(new Stream()));
    }

    /** The failure of a body over the limit. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException(int limit) {
            super("response larger than " + limit + " bytes", null, false, false);
        }
    }

    private final class Stream implements BodyStream<Buffer> {

        private final Buffer body = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            if ((long) body.length() + data.length() > limit || result.future().failed()) {
                TooLargeException tooLarge = new TooLargeException(limit);
                result.tryFail(tooLarge);
                return Future.failedFuture(tooLarge);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(body);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
