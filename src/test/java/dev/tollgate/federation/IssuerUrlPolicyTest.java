package dev.tollgate.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssuerUrlPolicyTest {

    private final IssuerUrlPolicy secure = new IssuerUrlPolicy(Fixtures.config(1000));

    @Test
    void httpsIssuerAccepted() {
        assertEquals(Optional.empty(), secure.problemWith("https://token.actions.githubusercontent.com"));
    }

    @Test
    void httpIssuerRefusedUnlessInsecureAllowed() {
        assertEquals(Optional.of("not an https URL"), secure.problemWith("http://gitlab.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/", "https://metadata.google.internal./x",
            "https://METADATA.GOOGLE.INTERNAL/x", "https://[fe80::abcd]/", "https://[fd00:ec2::254]/",
            "https://[::ffff:169.254.169.254]/", "https://[64:ff9b::a9fe:a9fe]/", "https://100.100.100.200/",
            "https://user@example.com/", "ftp://example.com/", "https:///nohost"})
    void forbiddenTargetsRefused(String url) {
        assertTrue(secure.problemWith(url).isPresent(), url);
    }

    @Test
    void pickWhenAnyResolvedAddressIsLinkLocalThenRefused() throws Exception {
        InetAddress[] resolved = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.1.1")};
        assertThrows(IllegalArgumentException.class, () -> secure.pick("rebind.example.com", resolved));
    }

    @Test
    void pickWhenPublicAddressThenThatAddress() throws Exception {
        InetAddress address = InetAddress.getByName("93.184.216.34");
        assertEquals(address, secure.pick("example.com", new InetAddress[] {address}));
    }
}
