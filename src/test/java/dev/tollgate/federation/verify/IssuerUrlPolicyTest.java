package dev.tollgate.federation.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.federation.Fixtures;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
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
    @ValueSource(
            strings = {
                "https://169.254.169.254/",
                "https://metadata.google.internal./x",
                "https://METADATA.GOOGLE.INTERNAL/x",
                "https://[fe80::abcd]/",
                "https://[fd00:ec2::254]/",
                "https://[::ffff:169.254.169.254]/",
                "https://[64:ff9b::a9fe:a9fe]/",
                "https://100.100.100.200/",
                "https://user@example.com/",
                "ftp://example.com/",
                "https:///nohost"
            })
    void forbiddenTargetsRefused(String url) {
        assertTrue(secure.problemWith(url).isPresent(), url);
    }

    @Test
    void pickWhenAnyResolvedAddressIsLinkLocalThenRefused() throws Exception {
        InetAddress[] resolved = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.1.1")};
        assertThrows(IllegalArgumentException.class, () -> secure.pick("rebind.example.com", resolved));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "100.64.0.1",
                "::1",
                "fd00::1",
                "::ffff:192.168.0.1",
                "2002:c0a8:101::1",
                "2001:0:4136:e378:8000:63bf:3f57:fefe",
                "64:ff9b::a00:1",
                "64:ff9b:1::a00:1"
            })
    void pickWhenNameResolvesToInternalAddressThenRefused(String literal) throws Exception {
        InetAddress[] resolved = {InetAddress.getByName(literal)};
        assertThrows(IllegalArgumentException.class, () -> secure.pick("rebind.example.com", resolved));
    }

    @Test
    void pickWhenHostAllowedByNameThenInternalAddressButNeverMetadata() throws Exception {
        IssuerUrlPolicy local = new IssuerUrlPolicy(Fixtures.config(1000, Set.of("idp.internal")));
        InetAddress internal = InetAddress.getByName("10.1.2.3");
        assertEquals(internal, local.pick("idp.internal", new InetAddress[] {internal}));
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        assertThrows(IllegalArgumentException.class, () -> local.pick("idp.internal", new InetAddress[] {metadata}));
        assertThrows(IllegalArgumentException.class, () -> local.pick("other.internal", new InetAddress[] {internal}));
    }

    @Test
    void pickWhenPublicAddressThenThatAddress() throws Exception {
        InetAddress address = InetAddress.getByName("93.184.216.34");
        assertEquals(address, secure.pick("example.com", new InetAddress[] {address}));
    }
}
