package dev.hearth.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address of the client behind a request, for throttling. {@code X-Forwarded-For} is believed only when the
 * request comes from a trusted proxy ({@code HEARTH_TRUSTED_PROXIES}: addresses or CIDR ranges, comma-separated);
 * then the client is the right-most entry that is not a trusted proxy itself. Anyone else's header is ignored, so a
 * client cannot pick the address it is counted under.
 */
@ApplicationScoped
public class ClientAddress {

    private final List<AddressRange> trusted;

    @Inject
    public ClientAddress(@ConfigProperty(name = "hearth.trusted.proxies") Optional<String> proxies) {
        this.trusted = proxies.map(p -> Arrays.stream(p.split(","))
                        .map(String::strip)
                        .filter(e -> !e.isEmpty())
                        .map(e -> {
                            try {
                                return AddressRange.parse(e);
                            } catch (IllegalArgumentException bad) {
                                throw new IllegalArgumentException("HEARTH_TRUSTED_PROXIES: " + bad.getMessage(), bad);
                            }
                        })
                        .toList())
                .orElse(List.of());
    }

    /** For CDI's proxy. */
    protected ClientAddress() {
        this.trusted = List.of();
    }

    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (!trusted(remote)) {
            return remote;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!literal(hop)) {
                return remote; // a hop we cannot read: count the request under the proxy, not under a made-up name
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    private boolean trusted(String address) {
        if (trusted.isEmpty() || !literal(address)) {
            return false;
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return trusted.stream().anyMatch(range -> range.contains(parsed));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An IPv4 or IPv6 literal: never a name, which would be looked up. */
    private static boolean literal(String address) {
        return address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    }
}
