package dev.hearth.connections;

import dev.hearth.api.connect.UpstreamException;
import dev.hearth.security.AddressRange;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * SSRF protection for URLs that users supply: only {@code http} and {@code https}, and no host that resolves to
 * a loopback, link-local, private, carrier-grade NAT, unique-local, multicast or unspecified address, unless the
 * administrator's allow-list ({@code HEARTH_ALLOWED_HOSTS}: host names, addresses, CIDR ranges) covers it.
 * Every address a name resolves to must pass, so a name cannot hide an internal address among public ones.
 */
public final class UrlGuard {

    /** Resolves host names; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final List<AddressRange> FORBIDDEN = List.of(
            range("0.0.0.0/8"),
            range("10.0.0.0/8"),
            range("100.64.0.0/10"),
            range("127.0.0.0/8"),
            range("169.254.0.0/16"),
            range("172.16.0.0/12"),
            range("192.0.0.0/24"),
            range("192.168.0.0/16"),
            range("198.18.0.0/15"),
            range("224.0.0.0/3"),
            range("::/127"),
            range("fc00::/7"),
            range("fe80::/10"),
            range("ff00::/8"));

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<AddressRange> allowedRanges = new ArrayList<>();
    private final Resolver resolver;

    public UrlGuard(List<String> allowList, Resolver resolver) {
        this.resolver = resolver;
        for (String entry : allowList) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || e.contains(":") || e.matches("[0-9.]+")) {
                allowedRanges.add(range(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32")));
            } else {
                allowedHosts.add(e);
            }
        }
    }

    public static UrlGuard fromConfig(String allowList) {
        return new UrlGuard(
                allowList == null ? List.of() : Arrays.asList(allowList.split(",")), InetAddress::getAllByName);
    }

    /**
     * @return the URI, if it may be called
     * @throws UpstreamException of kind NOT_ALLOWED, with the reason
     */
    public URI check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(uri, "only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused(uri, "the URL has no host");
        }
        if (uri.getUserInfo() != null) {
            throw refused(uri, "the URL must not contain credentials");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "The host " + bare + " is unknown", e);
        }
        for (InetAddress address : addresses) {
            InetAddress plain = unmapped(address);
            boolean allowed = allowedRanges.stream().anyMatch(r -> r.contains(plain));
            if (!allowed && FORBIDDEN.stream().anyMatch(r -> r.contains(plain))) {
                throw refused(
                        uri,
                        bare + " is an internal address (" + plain.getHostAddress()
                                + "); an administrator can allow it with HEARTH_ALLOWED_HOSTS");
            }
        }
        return uri;
    }

    private static UpstreamException refused(URI uri, String why) {
        return new UpstreamException(UpstreamException.Kind.NOT_ALLOWED, "This URL is not allowed: " + why);
    }

    /** IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are judged as the IPv4 address they carry. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return address;
    }

    private static AddressRange range(String cidr) {
        try {
            return AddressRange.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HEARTH_ALLOWED_HOSTS: " + e.getMessage(), e);
        }
    }
}
