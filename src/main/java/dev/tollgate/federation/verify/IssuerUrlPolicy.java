package dev.tollgate.federation.verify;

import dev.tollgate.federation.FederationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which URLs Tollgate may fetch issuer documents from (docs/security.md "Federation: inline keys, expressions and
 * issuer addresses"). {@code https} only unless insecure issuers are allowed. Never link-local, multicast or cloud
 * metadata addresses, whatever the settings, so that a provider cannot make the server read its own instance
 * credentials (SSRF). Loopback, private (RFC 1918), shared (RFC 6598), unique-local and other internal addresses
 * only for the hosts an operator names in {@code tollgate.federation.allowed-private-hosts}, so that providers
 * cannot probe the server's network. IPv6 forms that carry an IPv4 address (mapped, compatible, 6to4, Teredo,
 * NAT64) are judged by the IPv4 address they carry.
 */
@ApplicationScoped
public class IssuerUrlPolicy {

    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata.google.internal",
            "metadata",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.azure.internal");
    private static final byte[] AWS_METADATA_V6 = address("fd00:ec2::254");
    private static final byte[] ALIBABA_METADATA = address("100.100.100.200");
    private static final String FORBIDDEN_ADDRESS = "a link-local or metadata address";
    private static final String INTERNAL_ADDRESS =
            "a loopback, private or internal address (allow its host by name with"
                    + " tollgate.federation.allowed-private-hosts)";

    /** How far an address may be trusted as an issuer's. */
    enum Reach {
        PUBLIC,
        INTERNAL,
        FORBIDDEN
    }

    private final FederationConfig config;
    private final Set<String> allowedPrivateHosts;

    public IssuerUrlPolicy(FederationConfig config) {
        this.config = config;
        this.allowedPrivateHosts = config.allowedPrivateHosts().orElse(Set.of()).stream()
                .map(IssuerUrlPolicy::normalizedHost)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The problem with fetching from {@code url}, judged from the URL alone (no DNS), or empty when it may be tried. */
    public Optional<String> problemWith(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && config.allowInsecureIssuers())) {
            return Optional.of(config.allowInsecureIssuers() ? "not an http(s) URL" : "not an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("needs a host and no user info or fragment");
        }
        String host = normalizedHost(uri.getHost());
        if (METADATA_HOSTS.contains(host)) {
            return Optional.of("names a cloud metadata host");
        }
        if (isIpLiteral(host)) {
            try {
                return problemWith(host, InetAddress.getByName(host)).map(problem -> "names " + problem);
            } catch (UnknownHostException e) {
                return Optional.of("names an invalid address");
            }
        }
        if ((host.equals("localhost") || host.endsWith(".localhost")) && !allowedPrivateHosts.contains(host)) {
            return Optional.of("names " + INTERNAL_ADDRESS);
        }
        return Optional.empty();
    }

    /** The URI of {@code url} when {@link #problemWith} finds nothing, else a failure naming the URL and the problem. */
    public URI require(String url) {
        Optional<String> problem = problemWith(url);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("refused to fetch " + url + ": it " + problem.get());
        }
        return URI.create(url);
    }

    /** The address to connect to among those {@code host} resolved to; refuses all when any one is refused. */
    public InetAddress pick(String host, InetAddress[] resolved) {
        if (resolved.length == 0) {
            throw new IllegalArgumentException(host + " resolved to no address");
        }
        for (InetAddress address : resolved) {
            problemWith(host, address).ifPresent(problem -> {
                throw new IllegalArgumentException("refused to fetch from " + host + ": it resolves to " + problem);
            });
        }
        return resolved[0];
    }

    private Optional<String> problemWith(String host, InetAddress address) {
        return switch (reach(address)) {
            case FORBIDDEN -> Optional.of(FORBIDDEN_ADDRESS);
            case INTERNAL -> allowedPrivateHosts.contains(host) ? Optional.empty() : Optional.of(INTERNAL_ADDRESS);
            case PUBLIC -> Optional.empty();
        };
    }

    static Reach reach(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address.isLinkLocalAddress()
                || address.isMulticastAddress()
                || Arrays.equals(bytes, AWS_METADATA_V6)
                || Arrays.equals(bytes, ALIBABA_METADATA)) {
            return Reach.FORBIDDEN;
        }
        if (address instanceof Inet6Address) {
            return ipv6Reach(bytes);
        }
        return ipv4Internal(bytes) ? Reach.INTERNAL : Reach.PUBLIC;
    }

    /** 0/8, 10/8, 100.64/10, 127/8, 172.16/12, 192.0.0/24, 192.168/16, 198.18/15, 240/4 (and broadcast). */
    private static boolean ipv4Internal(byte[] v4) {
        int a = v4[0] & 0xff;
        int b = v4[1] & 0xff;
        return a == 0
                || a == 10
                || a == 127
                || a >= 240
                || (a == 100 && b >= 64 && b < 128)
                || (a == 172 && b >= 16 && b < 32)
                || (a == 192 && b == 168)
                || (a == 192 && b == 0 && v4[2] == 0)
                || (a == 198 && (b == 18 || b == 19));
    }

    private static Reach ipv6Reach(byte[] v6) {
        List<byte[]> embedded = embeddedIpv4(v6);
        if (!embedded.isEmpty()) {
            return embedded.stream()
                    .map(IssuerUrlPolicy::ipv4Reach)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        boolean unspecifiedOrLoopback =
                Arrays.equals(Arrays.copyOfRange(v6, 0, 15), new byte[15]) && (v6[15] == 0 || v6[15] == 1);
        boolean uniqueLocal = (v6[0] & 0xfe) == 0xfc;
        boolean siteLocal = (v6[0] & 0xff) == 0xfe && (v6[1] & 0xc0) == 0xc0;
        boolean documentation =
                (v6[0] & 0xff) == 0x20 && (v6[1] & 0xff) == 0x01 && (v6[2] & 0xff) == 0x0d && (v6[3] & 0xff) == 0xb8;
        return unspecifiedOrLoopback || uniqueLocal || siteLocal || documentation ? Reach.INTERNAL : Reach.PUBLIC;
    }

    private static Reach ipv4Reach(byte[] v4) {
        try {
            return reach(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Reach.FORBIDDEN;
        }
    }

    /**
     * The IPv4 addresses inside an IPv6 address: IPv4-mapped ({@code ::ffff:a.b.c.d}) and -compatible
     * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, RFC 6052 and 8215), 6to4
     * ({@code 2002:aabb:ccdd::/48}, RFC 3056) and Teredo ({@code 2001:0::/32}, RFC 4380: the server, and the client
     * whose address is stored inverted).
     */
    static List<byte[]> embeddedIpv4(byte[] v6) {
        byte[] last = Arrays.copyOfRange(v6, 12, 16);
        boolean zeroPrefix = Arrays.equals(Arrays.copyOfRange(v6, 0, 10), new byte[10]);
        boolean mapped = zeroPrefix && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix
                && v6[10] == 0
                && v6[11] == 0
                && !Arrays.equals(last, new byte[4])
                && !Arrays.equals(last, new byte[] {0, 0, 0, 1});
        boolean nat64 = v6[0] == 0
                && v6[1] == 0x64
                && (v6[2] & 0xff) == 0xff
                && (v6[3] & 0xff) == 0x9b
                && (Arrays.equals(Arrays.copyOfRange(v6, 4, 12), new byte[8]) || (v6[4] == 0 && v6[5] == 1));
        if (mapped || compatible || nat64) {
            return List.of(last);
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return List.of(Arrays.copyOfRange(v6, 2, 6));
        }
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0) {
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~last[i];
            }
            return List.of(Arrays.copyOfRange(v6, 4, 8), client);
        }
        return List.of();
    }

    static String normalizedHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
