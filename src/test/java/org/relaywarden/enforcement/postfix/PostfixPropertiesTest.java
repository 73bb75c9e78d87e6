package org.relaywarden.enforcement.postfix;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** relaywarden.postfix.* as a provider writes it: relays by name, local and SSH. */
class PostfixPropertiesTest {

    static PostfixProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("relaywarden.postfix", PostfixProperties.class)
                .orElseGet(() -> new PostfixProperties(null, null));
    }

    @Test
    void bindsRelaysByNameWithTheirTransports() {
        PostfixProperties p = bind(Map.of(
                "relaywarden.postfix.relays.relay-1.config-dir", "/etc/postfix",
                "relaywarden.postfix.relays.relay-2.transport", "ssh",
                "relaywarden.postfix.relays.relay-2.config-dir", "/etc/postfix-out",
                "relaywarden.postfix.relays.relay-2.ssh.host", "relay2.provider.example",
                "relaywarden.postfix.relays.relay-2.ssh.port", "2222",
                "relaywarden.postfix.relays.relay-2.ssh.private-key", "/etc/relaywarden/id_ecdsa",
                "relaywarden.postfix.relays.relay-2.ssh.known-hosts", "/etc/relaywarden/known_hosts"));
        assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.relays().get("relay-1").accessMap()).isEqualTo(Path.of("/etc/postfix/relaywarden_sasl_access"));

        try (PostfixConfiguration.PostfixRelays relays = new PostfixConfiguration().postfixRelays(p)) {
            assertThat(relays.all()).extracting(PostfixRelay::name).containsExactlyInAnyOrder("relay-1", "relay-2");
            assertThat(relays.all()).extracting(r -> r.runner().describe())
                    .containsExactlyInAnyOrder("local", "ssh://root@relay2.provider.example:2222");
        }
    }

    @Test
    void refusesConfigurationsThatCannotWork() {
        PostfixConfiguration config = new PostfixConfiguration();
        assertThatThrownBy(() -> config.postfixRelays(bind(Map.of()))).hasMessageContaining("at least one relay");
        assertThatThrownBy(() -> config.postfixRelays(bind(Map.of("relaywarden.postfix.relays.r1.transport", "telnet"))))
                .hasMessageContaining("local or ssh");
        assertThatThrownBy(() -> config.postfixRelays(bind(Map.of("relaywarden.postfix.relays.r1.transport", "ssh"))))
                .hasMessageContaining("ssh");
        assertThatThrownBy(() -> config.postfixRelays(bind(Map.of("relaywarden.postfix.relays.r1.config-dir", "etc/postfix"))))
                .hasMessageContaining("absolute");
    }
}
