package org.relaywarden.questionnaire.mail;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The abuse mailbox that customers reply to. Reading is off while {@code host} is empty.
 *
 * @param protocol        {@code imaps} (TLS, default) or {@code imap}
 * @param folder          where replies arrive
 * @param processedFolder where read replies are moved (created if missing), so a restart does not read them again
 * @param pollInterval    how often to look when the server offers no IDLE; with IDLE, how often the wait is renewed
 * @param idle            use IMAP IDLE where the server offers it
 */
@ConfigurationProperties("relaywarden.imap")
public record ImapSettings(String host, Integer port, String protocol, String username, String password, String folder,
                           String processedFolder, Duration pollInterval, Boolean idle) {
    public ImapSettings {
        protocol = protocol == null || protocol.isBlank() ? "imaps" : protocol;
        port = port == null ? ("imaps".equals(protocol) ? 993 : 143) : port;
        folder = folder == null || folder.isBlank() ? "INBOX" : folder;
        processedFolder = processedFolder == null || processedFolder.isBlank() ? "Processed" : processedFolder;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
        idle = idle == null || idle;
    }

    public boolean enabled() {
        return host != null && !host.isBlank();
    }
}
