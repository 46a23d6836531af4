package dev.tollgate;

import dev.tollgate.support.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts Tollgate; without a configured database it first starts an embedded PostgreSQL. */
@QuarkusMain
public class TollgateMain {

    public static void main(String... args) {
        try (EmbeddedDatabase database = EmbeddedDatabase.startUnlessConfigured()) {
            Quarkus.run(args);
        }
    }
}
