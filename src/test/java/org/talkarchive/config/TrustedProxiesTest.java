package org.talkarchive.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static InetAddress ip(String text) {
        return TrustedProxies.literal(text).orElseThrow();
    }

    @Test
    void addressesAndCidrBlocksOfBothFamilies() {
        TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.5, 172.16.0.0/12 ,::1, fd00::/8");
        assertThat(proxies.trusts(ip("10.0.0.5"))).isTrue();
        assertThat(proxies.trusts(ip("10.0.0.6"))).isFalse();
        assertThat(proxies.trusts(ip("172.31.255.254"))).isTrue();
        assertThat(proxies.trusts(ip("172.32.0.1"))).isFalse();
        assertThat(proxies.trusts(ip("::1"))).isTrue();
        assertThat(proxies.trusts(ip("fd12:3456::1"))).isTrue();
        assertThat(proxies.trusts(ip("fe80::1"))).isFalse();
        assertThat(TrustedProxies.parse("").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void anythingButLiteralAddressesIsAClearError() {
        for (String bad : List.of("proxy.example.org", "10.0.0.0/33", "::1/129", "10.0.0/8", "10.0.0.1/x", "1.2.3.4.5",
                "256.1.1.1")) {
            assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1," + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("TALKS_TRUSTED_PROXIES must list IP addresses or CIDR blocks separated by commas,"
                            + " such as 10.0.0.5,172.16.0.0/12,::1; '" + bad + "' is not one");
        }
        assertThatThrownBy(() -> SiteConfig.fromEnvironment(Map.of("TALKS_TRUSTED_PROXIES", "localhost"), 7070))
                .hasMessageContaining("'localhost' is not one");
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
        TrustedProxies proxies = TrustedProxies.parse("127.0.0.1,10.0.0.0/8");
        InetAddress proxy = ip("127.0.0.1");
        // the client wrote a forged address first; the proxy appended the one it saw
        assertThat(proxies.client(proxy, List.of("6.6.6.6, 203.0.113.7"))).isEqualTo(ip("203.0.113.7"));
        // a chain of trusted proxies is walked through, over several headers
        assertThat(proxies.client(proxy, List.of("6.6.6.6, 198.51.100.2", "10.1.1.1, 10.2.2.2")))
                .isEqualTo(ip("198.51.100.2"));
        // only trusted proxies: the farthest of them
        assertThat(proxies.client(proxy, List.of("10.1.1.1"))).isEqualTo(ip("10.1.1.1"));
        // garbage written by a proxy ends the walk at the nearest proxy
        assertThat(proxies.client(proxy, List.of("203.0.113.7, unknown, 10.2.2.2"))).isEqualTo(ip("10.2.2.2"));
        assertThat(proxies.client(proxy, List.of())).isEqualTo(proxy);
        // from anyone else the header means nothing
        assertThat(proxies.client(ip("192.0.2.1"), List.of("203.0.113.7"))).isEqualTo(ip("192.0.2.1"));
        assertThat(TrustedProxies.NONE.client(proxy, List.of("203.0.113.7"))).isEqualTo(proxy);
    }

    @Test
    void literalsAreParsedNeverLookedUp() {
        assertThat(TrustedProxies.literal("[::1]")).contains(ip("::1"));
        assertThat(TrustedProxies.literal("192.0.2.1")).isPresent();
        for (String notLiteral : List.of("localhost", "example.org", "1.2.3", "1.2.3.4.5", "1:2:zz::", "", "unknown")) {
            assertThat(TrustedProxies.literal(notLiteral)).as(notLiteral).isEmpty();
        }
    }
}
