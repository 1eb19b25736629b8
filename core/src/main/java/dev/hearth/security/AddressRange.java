package dev.hearth.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network in CIDR form ({@code 10.0.0.0/8}, {@code fd00::/8}), or one address. */
public record AddressRange(byte[] network, int prefix) {

    /** Parses an address or range; throws {@link IllegalArgumentException} for anything else. */
    public static AddressRange parse(String cidr) {
        String[] parts = cidr.strip().split("/");
        try {
            if (!parts[0].matches("[0-9A-Fa-f:.]+")) {
                throw new NumberFormatException("not an address literal");
            }
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8 || parts.length > 2) {
                throw new NumberFormatException("prefix out of range");
            }
            return new AddressRange(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an address or range", e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        BigInteger mask = BigInteger.ONE
                .shiftLeft(bytes.length * 8)
                .subtract(BigInteger.ONE)
                .shiftRight(prefix)
                .not();
        return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
    }
}
