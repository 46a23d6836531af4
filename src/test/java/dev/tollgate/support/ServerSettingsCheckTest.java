package dev.tollgate.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Public names a client could not use fail the start, naming the setting (docs/operations.md "Public names"). */
class ServerSettingsCheckTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8080",
                "https://tollgate.example.com",
                "https://tollgate.example.com/",
                "http://127.0.0.1:18431",
                "https://example.com/tollgate"
            })
    void issuerWhenAnHttpUrlThenAccepted(String issuer) {
        assertThat(ServerSettingsCheck.problems(issuer, "tollgate.local", Optional.empty()), empty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tollgate.example.com",
                "localhost:8080",
                "ftp://tollgate.example.com",
                "https://",
                "https://tollgate.example.com/?tenant=a",
                "https://tollgate.example.com/#top",
                "https://admin:secret@tollgate.example.com",
                "https://tollgate example.com"
            })
    void issuerWhenNotAUsableUrlThenRefusedNamingTheSetting(String issuer) {
        List<String> problems = ServerSettingsCheck.problems(issuer, "tollgate.local", Optional.empty());

        assertThat(problems, contains(containsString("tollgate.issuer (" + issuer + ")")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tollgate.example.com", "universe.test", "a-b.c9.example", "localhost"})
    void domainsWhenDnsNamesThenAccepted(String domain) {
        assertThat(ServerSettingsCheck.problems("http://localhost:8080", domain, Optional.of(domain)), empty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://tollgate.example.com",
                "tollgate.example.com:443",
                "tollgate.example.com/",
                "Tollgate.Example.com",
                "-tollgate.example.com",
                "tollgate..example.com",
                "tollgate.example.com.",
                ""
            })
    void domainsWhenNotDnsNamesThenRefusedNamingEachSetting(String domain) {
        List<String> problems = ServerSettingsCheck.problems("http://localhost:8080", domain, Optional.of(domain));

        assertThat(problems, hasSize(2));
        assertThat(problems.get(0), containsString("tollgate.iam-domain (" + domain + ")"));
        assertThat(problems.get(1), containsString("tollgate.universe.domain (" + domain + ")"));
    }
}
