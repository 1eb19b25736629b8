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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SSRF protection for URLs that users supply: only {@code http} and {@code https}, ports 80 and 443 and those the
 * administrator adds ({@code HEARTH_ALLOWED_PORTS}), host names or canonical addresses only (no {@code 0x7f.1},
 * {@code 2130706433} or {@code 0177.0.0.1}), and no host that resolves to a loopback, link-local, private,
 * carrier-grade NAT, unique-local, site-local, multicast, reserved or unspecified address, nor to an IPv6 address that
 * carries an internal IPv4 one (mapped, NAT64, 6to4) or hides what it carries (IPv4-compatible, Teredo), unless the administrator's allow-list
 * ({@code HEARTH_ALLOWED_HOSTS}: host names, addresses, CIDR ranges) covers it. Every address a name resolves to must
 * pass, so a name cannot hide an internal address among public ones; and connections are made only to the addresses
 * that passed ({@link #addresses}, the resolver of {@link UpstreamPool}), so a name cannot resolve to a public address
 * for the check and to an internal one for the connection.
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
            range("192.0.2.0/24"),
            range("192.168.0.0/16"),
            range("198.18.0.0/15"),
            range("198.51.100.0/24"),
            range("203.0.113.0/24"),
            range("224.0.0.0/3"),
            range("192.88.99.0/24"), // 6to4 relays
            range("::/96"), // unspecified, loopback, IPv4-compatible
            range("::ffff:0:0:0/96"), // IPv4-translated
            range("64:ff9b:1::/48"), // local-use NAT64
            range("100::/64"), // discard
            range("2001::/32"), // Teredo
            range("2001:db8::/32"), // documentation
            range("fc00::/7"),
            range("fe80::/10"),
            range("fec0::/10"), // site-local
            range("ff00::/8"));

    /**
     * IPv6 ranges that carry an IPv4 address, judged by it: NAT64's well-known prefix (every public IPv4 server on an
     * IPv6-only network with DNS64) in its last four bytes, 6to4 in bytes 2 to 5.
     */
    private static final AddressRange NAT64 = range("64:ff9b::/96");

    private static final AddressRange SIX_TO_FOUR = range("2002::/16");

    private static final Set<Integer> STANDARD_PORTS = Set.of(80, 443);

    /** A host whose last label is a number is an IPv4 address to a browser (WHATWG URL); only one spelling is taken. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:^|.*\\.)(?:[0-9]+|0[xX][0-9a-fA-F]*)\\.?$");

    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<AddressRange> allowedRanges = new ArrayList<>();
    private final List<int[]> allowedPorts = new ArrayList<>();
    private final Resolver resolver;

    /**
     * @param allowList host names, addresses and CIDR ranges that may be reached although internal
     * @param ports ports allowed besides 80 and 443: numbers, ranges {@code 8000-8999}, or {@code *} for any
     */
    public UrlGuard(List<String> allowList, List<String> ports, Resolver resolver) {
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
        for (String entry : ports) {
            allowedPorts.add(portRange(entry.strip()));
        }
    }

    /** The guard for comma-separated settings ({@code HEARTH_ALLOWED_HOSTS}, {@code HEARTH_ALLOWED_PORTS}). */
    public static UrlGuard fromConfig(String allowList, String ports) {
        return new UrlGuard(list(allowList), list(ports), InetAddress::getAllByName);
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null
                ? List.of()
                : Arrays.stream(commaSeparated.split(","))
                        .filter(e -> !e.isBlank())
                        .toList();
    }

    /**
     * @return the URI, if it may be called
     * @throws UpstreamException of kind NOT_ALLOWED, with the reason
     */
    public URI check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("only http and https URLs are allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused("the URL has no host");
        }
        if (uri.getUserInfo() != null) {
            throw refused("the URL must not contain credentials");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (!STANDARD_PORTS.contains(port) && allowedPorts.stream().noneMatch(r -> r[0] <= port && port <= r[1])) {
            throw refused("port " + port + " is not allowed; an administrator can allow it with HEARTH_ALLOWED_PORTS");
        }
        addresses(host);
        return uri;
    }

    /**
     * The addresses a connection to this host may use: all it resolves to, each of which passed.
     *
     * @throws UpstreamException NOT_ALLOWED when the host is not a proper name or address or resolves to an internal
     *     address; UNAVAILABLE when it does not resolve
     */
    public InetAddress[] addresses(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.contains(":")
                && NUMERIC_LAST_LABEL.matcher(bare).matches()
                && !CANONICAL_IPV4.matcher(bare).matches()) {
            throw refused("the host is neither a name nor an IPv4 address in its usual form (like 192.0.2.1)");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "The host " + bare + " is unknown", e);
        }
        if (allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            InetAddress plain = unmapped(address);
            boolean allowed = allowedRanges.stream().anyMatch(r -> r.contains(plain));
            if (!allowed && (forbidden(plain) || forbidden(carried(plain)))) {
                // the address itself is not told: it would let a user map the internal network by name
                throw refused("the host is on a private or internal network; an administrator can allow it with"
                        + " HEARTH_ALLOWED_HOSTS");
            }
        }
        return addresses;
    }

    private static UpstreamException refused(String why) {
        return new UpstreamException(UpstreamException.Kind.NOT_ALLOWED, "This URL is not allowed: " + why);
    }

    private static boolean forbidden(InetAddress address) {
        return address != null && FORBIDDEN.stream().anyMatch(r -> r.contains(address));
    }

    /**
     * The IPv4 address a NAT64 or 6to4 address leads to, which an allow-list entry for that IPv4 address does not
     * open (it is reached through a translator); null for other addresses.
     */
    private static InetAddress carried(InetAddress address) {
        byte[] b = address.getAddress();
        int from = NAT64.contains(address) ? 12 : SIX_TO_FOUR.contains(address) ? 2 : -1;
        if (from < 0) {
            return null;
        }
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, from, from + 4));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
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

    private static int[] portRange(String entry) {
        try {
            if (entry.equals("*")) {
                return new int[] {1, 65535};
            }
            String[] ends = entry.split("-", 2);
            int from = Integer.parseInt(ends[0].strip());
            int to = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : from;
            if (from < 1 || to > 65535 || from > to) {
                throw new NumberFormatException();
            }
            return new int[] {from, to};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "HEARTH_ALLOWED_PORTS: '" + entry + "' is not a port (1-65535), a range like 8000-8999, or *", e);
        }
    }

    private static AddressRange range(String cidr) {
        try {
            return AddressRange.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HEARTH_ALLOWED_HOSTS: " + e.getMessage(), e);
        }
    }
}
