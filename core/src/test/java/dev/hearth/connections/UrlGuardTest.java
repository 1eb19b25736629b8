package dev.hearth.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.api.connect.UpstreamException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    /** A resolver that knows a few names, so that no test depends on DNS. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        Map<String, String[]> names = Map.of(
                "cloud.example.com", new String[] {"93.184.216.34"},
                "sneaky.example.com", new String[] {"93.184.216.34", "10.0.0.5"},
                "metadata.example.com", new String[] {"169.254.169.254"},
                "intranet.example.com", new String[] {"192.168.10.20"});
        String[] addresses = names.get(host);
        if (addresses == null) {
            return InetAddress.getAllByName(host); // literals only in these tests
        }
        InetAddress[] result = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            result[i] = InetAddress.getByName(addresses[i]);
        }
        return result;
    }

    private final UrlGuard strict = new UrlGuard(List.of(), List.of(), UrlGuardTest::resolve);

    private static UpstreamException.Kind refusal(UrlGuard guard, String url) {
        return assertThrows(UpstreamException.class, () -> guard.check(URI.create(url)), url)
                .kind();
    }

    @Test
    void publicHttpAndHttpsUrlsPass() {
        assertEquals(
                URI.create("https://cloud.example.com/nc"), strict.check(URI.create("https://cloud.example.com/nc")));
        strict.check(URI.create("http://93.184.216.34/"));
        strict.check(URI.create("https://[2606:2800:220:1:248:1893:25c8:1946]/"));
    }

    @Test
    void internalAddressesAreRefused() {
        for (String url : List.of(
                "http://127.0.0.1/",
                "http://127.1.2.3:8080/",
                "http://[::1]/",
                "http://0.0.0.0/",
                "http://10.1.2.3/",
                "http://172.16.0.1/",
                "http://172.31.255.255/",
                "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data",
                "http://100.64.0.1/",
                "http://[fe80::1]/",
                "http://[fd00::1]/",
                "http://[::ffff:10.0.0.1]/",
                "http://224.0.0.1/",
                "https://metadata.example.com/",
                "https://intranet.example.com/")) {
            assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(strict, url), url);
        }
    }

    @Test
    void oneInternalAddressAmongPublicOnesIsEnough() {
        assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(strict, "https://sneaky.example.com/"));
    }

    @Test
    void otherSchemesAndCredentialsAreRefused() {
        for (String url : List.of(
                "ftp://cloud.example.com/",
                "file:///etc/passwd",
                "gopher://cloud.example.com/",
                "https://user:pass@cloud.example.com/")) {
            assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(strict, url), url);
        }
    }

    @Test
    void theAllowListOpensAddressesRangesAndNames() {
        UrlGuard allowing = new UrlGuard(
                List.of("127.0.0.1", "10.20.0.0/16", " intranet.example.com ", "::1"),
                List.of("8080", "9000-9001"),
                UrlGuardTest::resolve);

        allowing.check(URI.create("http://127.0.0.1:9000/"));
        allowing.check(URI.create("http://10.20.3.4/"));
        allowing.check(URI.create("https://intranet.example.com/"));
        allowing.check(URI.create("http://[::1]:8080/"));
        assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(allowing, "http://127.0.0.1:9002/"));
        assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(allowing, "http://127.0.0.2/"));
        assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(allowing, "http://10.21.0.1/"));
    }

    @Test
    void unknownHostsAreUnavailableNotAllowed() {
        UrlGuard guard = new UrlGuard(List.of(), List.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertEquals(UpstreamException.Kind.UNAVAILABLE, refusal(guard, "https://no-such-host.example/"));
    }

    @Test
    void aMalformedAllowListIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new UrlGuard(List.of("10.0.0.0/99"), List.of(), UrlGuardTest::resolve));
        assertTrue(e.getMessage().contains("HEARTH_ALLOWED_HOSTS"));
    }

    @Test
    void addressesHiddenInIpv6FormsAreRefused() {
        for (String url : List.of(
                "http://[::]/",
                "http://[::127.0.0.1]/", // IPv4-compatible
                "http://[::ffff:7f00:1]/", // IPv4-mapped
                "http://[64:ff9b::a9fe:a9fe]/", // NAT64 of 169.254.169.254
                "http://[64:ff9b:1::a00:1]/",
                "http://[::ffff:0:a00:1]/", // IPv4-translated
                "http://[2002:7f00:1::]/", // 6to4 of 127.0.0.1
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", // Teredo
                "http://[fec0::1]/", // site-local
                "http://[ff02::1]/")) {
            assertEquals(UpstreamException.Kind.NOT_ALLOWED, refusal(strict, url), url);
        }
    }

    /** NAT64 and 6to4 addresses are judged by the IPv4 address they lead to: public ones pass, internal ones not. */
    @Test
    void nat64And6to4AddressesAreJudgedByTheIpv4AddressTheyCarry() {
        strict.check(URI.create("http://[64:ff9b::5db8:d822]/")); // 93.184.216.34, as DNS64 gives it
        strict.check(URI.create("http://[2002:5db8:d822::1]/"));
        UrlGuard loopbackAllowed = new UrlGuard(List.of("127.0.0.1"), List.of(), UrlGuardTest::resolve);
        assertEquals(
                UpstreamException.Kind.NOT_ALLOWED,
                refusal(loopbackAllowed, "http://[64:ff9b::7f00:1]/"),
                "reached through a translator, not opened by the IPv4 entry");
    }

    /** A browser, curl and the JDK read these differently, if at all: only the usual dotted form is taken. */
    @Test
    void unusualSpellingsOfIpv4AddressesAreRefused() {
        for (String host : List.of(
                "2130706433",
                "0177.0.0.1",
                "0x7f.0.0.1",
                "0x7f000001",
                "127.1",
                "017700000001",
                "1.2.3.04",
                "1.2.3.4.")) {
            UpstreamException e = assertThrows(UpstreamException.class, () -> strict.addresses(host), host);
            assertEquals(UpstreamException.Kind.NOT_ALLOWED, e.kind(), host);
        }
        assertEquals(1, strict.addresses("93.184.216.34").length);
        assertEquals(1, strict.addresses("cloud.example.com").length);
    }

    @Test
    void onlyPorts80And443AndThoseAllowedMayBeUsed() {
        strict.check(URI.create("http://cloud.example.com:80/"));
        strict.check(URI.create("https://cloud.example.com/"));
        for (String url : List.of(
                "http://cloud.example.com:8080/", "https://cloud.example.com:22/", "http://cloud.example.com:25/")) {
            UpstreamException e = assertThrows(UpstreamException.class, () -> strict.check(URI.create(url)), url);
            assertEquals(UpstreamException.Kind.NOT_ALLOWED, e.kind(), url);
            assertTrue(e.getMessage().contains("HEARTH_ALLOWED_PORTS"), e.getMessage());
        }
        UrlGuard any = new UrlGuard(List.of(), List.of("*"), UrlGuardTest::resolve);
        any.check(URI.create("http://cloud.example.com:22/"));
        assertThrows(
                IllegalArgumentException.class, () -> new UrlGuard(List.of(), List.of("70000"), UrlGuardTest::resolve));
        assertThrows(
                IllegalArgumentException.class, () -> new UrlGuard(List.of(), List.of("9-1"), UrlGuardTest::resolve));
    }

    /** Which internal address a name resolves to is not told: it would let users map the internal network. */
    @Test
    void aRefusalDoesNotTellTheInternalAddress() {
        UpstreamException e =
                assertThrows(UpstreamException.class, () -> strict.check(URI.create("https://metadata.example.com/")));
        assertTrue(!e.getMessage().contains("169.254"), e.getMessage());
        assertTrue(e.getMessage().contains("private or internal network"), e.getMessage());
    }
}
