package org.relaywarden.enforcement.policy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedClientsTest {

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void addressesAndBlocksOfBothFamilies() throws Exception {
        AllowedClients a = AllowedClients.parse(List.of("192.0.2.7", "10.8.0.0/13", "2001:db8::/32", "::1"));
        assertThat(a.allows(ip("192.0.2.7"))).isTrue();
        assertThat(a.allows(ip("192.0.2.8"))).isFalse();
        assertThat(a.allows(ip("10.15.255.255"))).isTrue();
        assertThat(a.allows(ip("10.16.0.0"))).isFalse();
        assertThat(a.allows(ip("2001:db8:1::5"))).isTrue();
        assertThat(a.allows(ip("2001:db9::5"))).isFalse();
        assertThat(a.allows(ip("::1"))).isTrue();
        assertThat(a.allows(ip("127.0.0.1"))).isFalse();
        assertThat(AllowedClients.LOOPBACK.allows(ip("127.0.0.1"))).isTrue();
        assertThat(AllowedClients.LOOPBACK.allows(ip("192.0.2.1"))).isFalse();
    }

    @Test
    void namesAndMalformedEntriesAreRefusedNotLookedUp() {
        for (String bad : List.of("relay1.provider.example", "10.0.0.0/33", "10.0.0.0/", "1.2.3.4/x", "", "*")) {
            assertThatThrownBy(() -> AllowedClients.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("allowed policy client");
        }
        assertThatThrownBy(() -> AllowedClients.parse(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
