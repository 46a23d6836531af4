package dev.tollgate;

import dev.tollgate.support.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts Tollgate; without a configured database it first starts an embedded PostgreSQL. */
@QuarkusMain
public class TollgateMain {

    /**
     * Set by the build's AppCDS training run ({@code -Dquarkus.package.jar.appcds.enabled=true}), which only loads
     * classes and exits: it needs no database, and must not leave one in {@code target/quarkus-app}.
     */
    static final String APPCDS_TRAINING = "quarkus.appcds.generate";

    public static void main(String... args) {
        if (Boolean.getBoolean(APPCDS_TRAINING)) {
            Quarkus.run(args);
            return;
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.startUnlessConfigured()) {
            Quarkus.run(args);
        }
    }
}
