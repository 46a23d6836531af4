package dev.tollgate.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A misspelt setting fails the start and names the key (docs/architecture.md "Configuration"), instead of being
 * ignored while its default silently applies.
 */
@QuarkusMainTest
@TestProfile(UnknownSettingTest.Typo.class)
class UnknownSettingTest {

    private static final String REACTIVE_URL = "quarkus.datasource.reactive.url";

    /** The typo of the issue: {@code prepublsh} for {@code prepublish}. */
    public static class Typo implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.keys.prepublsh", "1d");
        }
    }

    /** The main method would otherwise start an embedded database of its own before Quarkus reads its settings. */
    @BeforeAll
    static void noEmbeddedDatabase() {
        System.setProperty(REACTIVE_URL, "postgresql://127.0.0.1:1/unused");
    }

    @AfterAll
    static void restore() {
        System.clearProperty(REACTIVE_URL);
    }

    @Test
    void startWhenSettingMisspeltThenFailsNamingIt(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();

        assertEquals(1, result.exitCode());
        assertThat(result.getOutput() + result.getErrorOutput(), containsString("tollgate.keys.prepublsh"));
    }
}
