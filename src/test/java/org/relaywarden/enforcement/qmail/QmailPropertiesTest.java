package org.relaywarden.enforcement.qmail;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code relaywarden.qmail.*}: defaults, and a configuration without relays refuses the start. */
class QmailPropertiesTest {

    static QmailProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("relaywarden.qmail", QmailProperties.class)
                .orElseGet(() -> new QmailProperties(null, null));
    }

    @Test
    void aRelayGetsTheUsualToasterPathsByDefault() {
        QmailProperties p = bind(Map.of("relaywarden.qmail.relays.relay-1.transport", "local"));
        QmailProperties.RelayProperties r = p.relays().get("relay-1");
        assertThat(r.qmailDir()).isEqualTo(Path.of("/var/qmail"));
        assertThat(r.vpopmailDir()).isEqualTo(Path.of("/home/vpopmail"));
        assertThat(r.sendService()).isEqualTo(Path.of("/service/qmail-send"));
        assertThat(r.holdDir()).isEqualTo(Path.of("/var/qmail/relaywarden/hold"));
        assertThat(r.queueTool()).isEqualTo(Path.of("/var/qmail/relaywarden/bin/relaywarden-qmail-queue"));
        assertThat(r.smtpdLog()).isNull();
        assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(120));

        QmailProperties moved = bind(Map.of("relaywarden.qmail.relays.mx1.qmail-dir", "/opt/qmail",
                "relaywarden.qmail.relays.mx1.smtpd-log", "/var/log/qmail/smtpd/current"));
        assertThat(moved.relays().get("mx1").holdDir()).isEqualTo(Path.of("/opt/qmail/relaywarden/hold"));
        assertThat(moved.relays().get("mx1").smtpdLog()).isEqualTo(Path.of("/var/log/qmail/smtpd/current"));
    }

    @Test
    void noRelaysOrAnUnknownTransportRefuseTheStart() {
        QmailConfiguration config = new QmailConfiguration();
        assertThatThrownBy(() -> config.qmailRelays(bind(Map.of()))).hasMessageContaining("relaywarden.qmail.relays");
        assertThatThrownBy(() -> config.qmailRelays(bind(Map.of("relaywarden.qmail.relays.relay-1.transport", "telnet"))))
                .hasMessageContaining("transport must be local or ssh");
        assertThatThrownBy(() -> config.qmailRelays(bind(Map.of("relaywarden.qmail.relays.relay-1.transport", "ssh"))))
                .hasMessageContaining("ssh.*");
    }
}
