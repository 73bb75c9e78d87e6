package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.command.SshProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code relaywarden.qmail.*}: the provider's qmail + vpopmail relays by name (the policy service
 * their queue front asks is {@code relaywarden.policy.*}).
 *
 * @param relays         every relay Relaywarden drives; each operation runs on all of them
 * @param commandTimeout how long one relay command (vmoduser, the queue tool) may run
 */
@ConfigurationProperties("relaywarden.qmail")
public record QmailProperties(Map<String, RelayProperties> relays, Duration commandTimeout) {

    public QmailProperties {
        relays = relays == null ? Map.of() : new LinkedHashMap<>(relays);
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(120) : commandTimeout;
    }

    /**
     * One relay.
     *
     * @param transport    {@code local} (the commands run on this machine) or {@code ssh}
     * @param qmailDir     qmail's home ({@code /var/qmail})
     * @param vpopmailDir  vpopmail's home, holding {@code bin/vmoduser} and {@code bin/vuserinfo} ({@code /home/vpopmail})
     * @param sendService  the supervised qmail-send service folder ({@code svc -d}/{@code -u}; {@code /service/qmail-send})
     * @param holdDir      the hold folder the queue front writes ({@code qmailDir/relaywarden/hold})
     * @param queueTool    the installed {@code relaywarden-qmail-queue} ({@code qmailDir/relaywarden/bin/relaywarden-qmail-queue})
     * @param smtpdLog     qmail-smtpd's multilog {@code current} file, read for the case's evidence (optional)
     * @param ssh          how to reach the relay when the transport is {@code ssh}
     */
    public record RelayProperties(String transport, Path qmailDir, Path vpopmailDir, Path sendService, Path holdDir,
                                  Path queueTool, Path smtpdLog, SshProperties ssh) {
        public RelayProperties {
            transport = transport == null ? "local" : transport;
            qmailDir = qmailDir == null ? Path.of("/var/qmail") : qmailDir;
            vpopmailDir = vpopmailDir == null ? Path.of("/home/vpopmail") : vpopmailDir;
            sendService = sendService == null ? Path.of("/service/qmail-send") : sendService;
            holdDir = holdDir == null ? qmailDir.resolve("relaywarden/hold") : holdDir;
            queueTool = queueTool == null ? qmailDir.resolve("relaywarden/bin/relaywarden-qmail-queue") : queueTool;
        }
    }
}
