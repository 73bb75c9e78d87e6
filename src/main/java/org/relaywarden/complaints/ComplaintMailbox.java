package org.relaywarden.complaints;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.questionnaire.mail.ImapMailboxReader;
import org.relaywarden.questionnaire.mail.ImapSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads the feedback loops' reports from their mailbox folder ({@code relaywarden.complaints.mailbox.*}) with the
 * IMAP reader the customers' replies use: each mail goes to {@link ComplaintService} whole; a read report goes to the
 * processed folder, one that is not a feedback report (or too large) to the dead-letter folder, recorded as refused
 * with the reason. Nothing is deleted. A mail read twice (its move lost in a crash) is recognised by its bytes.
 */
@Component
class ComplaintMailbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ComplaintMailbox.class);

    private final ImapMailboxReader reader;

    ComplaintMailbox(ComplaintSettings settings, ImapSettings abuseMailbox, ComplaintService complaints, Leadership leadership) {
        ComplaintSettings.Mailbox m = settings.mailbox();
        ImapSettings connection = new ImapSettings(
                m.enabled() ? (m.host() != null && !m.host().isBlank() ? m.host() : abuseMailbox.host()) : null,
                m.port() != null ? m.port() : m.host() != null && !m.host().isBlank() ? null : abuseMailbox.port(),
                m.protocol() != null ? m.protocol() : abuseMailbox.protocol(),
                m.username() != null ? m.username() : abuseMailbox.username(),
                m.password() != null ? m.password() : abuseMailbox.password(),
                m.folder(), m.processedFolder(),
                m.pollInterval() != null ? m.pollInterval() : abuseMailbox.pollInterval(), abuseMailbox.idle());
        int max = settings.maxReportBytes();
        this.reader = new ImapMailboxReader("complaints", connection, m.deadLetterFolder(), mail -> {
            byte[] raw = bytes(mail, max);
            try {
                ComplaintService.Outcome o = complaints.receive(raw, "mailbox");
                log.info("feedback-loop mail {}: complaint {} {}", mail.getMessageID(), o.complaint().id(), o.complaint().status());
                return ImapMailboxReader.Disposition.PROCESSED;
            } catch (MalformedReportException e) {
                return ImapMailboxReader.Disposition.DEAD_LETTER;
            }
        }, leadership);
    }

    /** The mail as it came; above the limit, the limit plus one byte (enough for the service to refuse it as too large). */
    private static byte[] bytes(MimeMessage mail, int max) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(new LimitedOutputStream(out, max + 1L));
        return out.toByteArray();
    }

    @Override
    public void start() {
        reader.start();
    }

    @Override
    public void stop() {
        reader.stop();
    }

    @Override
    public boolean isRunning() {
        return reader.isRunning();
    }
}
