package dev.tollgate.federation;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which URLs Tollgate may fetch issuer documents from. {@code https} only unless insecure issuers are allowed; never
 * link-local or cloud metadata addresses, whatever the setting, so that a provider cannot make the server read its
 * own instance credentials (SSRF).
 */
@ApplicationScoped
public class IssuerUrlPolicy {

    private static final Set<String> METADATA_HOSTS = Set.of(
            "metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal",
            "metadata.azure.internal");
    private static final byte[] AWS_METADATA_V6 = address("fd00:ec2::254");
    private static final byte[] ALIBABA_METADATA = address("100.100.100.200");

    private final FederationConfig config;

    public IssuerUrlPolicy(FederationConfig config) {
        this.config = config;
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
                return forbidden(InetAddress.getByName(host))
                        ? Optional.of("names a link-local or metadata address") : Optional.empty();
            } catch (UnknownHostException e) {
                return Optional.of("names an invalid address");
            }
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

    /** The address to connect to among those {@code host} resolved to; refuses all when any one is forbidden. */
    public InetAddress pick(String host, InetAddress[] resolved) {
        if (resolved.length == 0) {
            throw new IllegalArgumentException(host + " resolved to no address");
        }
        for (InetAddress address : resolved) {
            if (forbidden(address)) {
                throw new IllegalArgumentException(
                        "refused to fetch from " + host + ": it resolves to a link-local or metadata address");
            }
        }
        return resolved[0];
    }

    static boolean forbidden(InetAddress address) {
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (Arrays.equals(bytes, AWS_METADATA_V6) || Arrays.equals(bytes, ALIBABA_METADATA)) {
            return true;
        }
        return address instanceof Inet6Address && embeddedIpv4(bytes).map(IssuerUrlPolicy::forbidden).orElse(false);
    }

    /** The IPv4 address inside an IPv4-compatible ({@code ::a.b.c.d}) or NAT64 ({@code 64:ff9b::a.b.c.d}) address. */
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        boolean compatible = Arrays.equals(Arrays.copyOfRange(v6, 0, 12), new byte[12]);
        boolean nat64 = v6[0] == 0 && v6[1] == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b
                && Arrays.equals(Arrays.copyOfRange(v6, 4, 12), new byte[8]);
        if (!compatible && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(Arrays.copyOfRange(v6, 12, 16)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
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
