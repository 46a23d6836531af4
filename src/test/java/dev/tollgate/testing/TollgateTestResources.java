package dev.tollgate.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers the suite-wide test resources once. They are global, so every {@code @QuarkusTest} shares one
 * application start on one embedded PostgreSQL.
 */
@QuarkusTestResource(value = TestDatabase.class)
@QuarkusTestResource(value = TestIdentityProviders.class)
@QuarkusTestResource(value = TestTls.class)
public final class TollgateTestResources {

    private TollgateTestResources() {}
}
