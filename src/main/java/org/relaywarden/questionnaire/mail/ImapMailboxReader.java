package org.relaywarden.questionnaire.mail;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.relaywarden.cluster.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads one folder of a mailbox over IMAP (Jakarta Mail): waits with IDLE where the server offers it,
 * polls otherwise. Each mail is handed to the {@link Handler}; once that has committed, the mail
 * is flagged seen and moved to the processed folder, so a restart does not read it again (the handler
 * recognises a mail whose move was lost). A mail the handler refuses for good goes to the dead-letter
 * folder (kept, never deleted); a mail whose processing fails stays in the folder and is read again on the
 * next round. Runs only when the settings name a host, and in a cluster only on the node that holds the
 * scheduled-work lease. The replies of the questionnaire ({@link ImapReplyReader}) and the feedback-loop
 * reports (complaints) each have one.
 */
public class ImapMailboxReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImapMailboxReader.class);
    static final String PROCESSED_KEYWORD = "RelaywardenProcessed";

    /** What became of a mail: processed (moved to the processed folder) or refused for good (to the dead-letter folder). */
    public enum Disposition { PROCESSED, DEAD_LETTER }

    /** Takes one mail; returns when its outcome is committed, throws to leave it for the next round. */
    @FunctionalInterface
    public interface Handler {
        Disposition handle(MimeMessage mail) throws Exception;
    }

    private final String name;
    private final ImapSettings settings;
    private final String deadLetterFolder;
    private final Handler handler;
    private final Leadership leadership;
    private volatile boolean running;
    private volatile Thread worker;
    private volatile Store store;
    private volatile Folder inbox;
    private ScheduledExecutorService watchdog;

    /**
     * @param name             for logs and thread names ({@code replies}, {@code complaints})
     * @param deadLetterFolder where refused mail goes (created if missing); null: the handler never refuses
     */
    public ImapMailboxReader(String name, ImapSettings settings, String deadLetterFolder, Handler handler, Leadership leadership) {
        this.name = name;
        this.leadership = leadership;
        this.settings = settings;
        this.deadLetterFolder = deadLetterFolder;
        this.handler = handler;
    }

    @Override
    public void start() {
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "imap-" + name + "-watchdog"));
        worker = new Thread(this::loop, "imap-" + name);
        worker.setDaemon(true);
        worker.start();
        log.info("reading {} from {}://{}@{}:{}/{}", name, settings.protocol(), settings.username(), settings.host(),
                settings.port(), settings.folder());
    }

    @Override
    public void stop() {
        running = false;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        closeQuietly();
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                if (!leadership.isLeader()) {
                    // in a cluster only the lease holder reads the mailbox
                    closeQuietly();
                    Thread.sleep(settings.pollInterval().toMillis());
                    continue;
                }
                Folder folder = open();
                readAll(folder);
                if (settings.idle() && store instanceof IMAPStore s && s.hasCapability("IDLE") && folder instanceof IMAPFolder f) {
                    // another thread touching the folder ends the IDLE: renew it every poll interval
                    long every = settings.pollInterval().toMillis();
                    ScheduledFuture<?> renew = watchdog.schedule(() -> touch(f), every, TimeUnit.MILLISECONDS);
                    // a server that ignores the NOOP: drop the connection, the loop opens a new one
                    ScheduledFuture<?> rescue = watchdog.schedule(() -> forceClose(f), 3 * every + 10_000, TimeUnit.MILLISECONDS);
                    try {
                        f.idle(true);
                    } finally {
                        renew.cancel(false);
                        rescue.cancel(false);
                    }
                } else {
                    Thread.sleep(settings.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    log.warn("reading {} from the mailbox failed, trying again in {}: {}", name, settings.pollInterval(), e.toString());
                    closeQuietly();
                    try {
                        Thread.sleep(settings.pollInterval().toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private void forceClose(IMAPFolder f) {
        log.warn("IDLE on the abuse mailbox did not end when asked: reconnecting");
        try {
            f.forceClose();
        } catch (MessagingException | RuntimeException ignored) {
            // the reading thread reconnects
        }
    }

    /** A NOOP from another thread ends the IDLE (getMessageCount() would only read the cached count). */
    private static void touch(IMAPFolder f) {
        try {
            f.doCommand(protocol -> {
                protocol.simpleCommand("NOOP", null);
                return null;
            });
        } catch (MessagingException | IllegalStateException ignored) {
            // the reading thread notices a broken connection itself
        }
    }

    private Folder open() throws MessagingException {
        if (store == null || !store.isConnected()) {
            Properties p = new Properties();
            p.put("mail.store.protocol", settings.protocol());
            p.put("mail." + settings.protocol() + ".connectiontimeout", "10000");
            p.put("mail." + settings.protocol() + ".timeout", "30000");
            Store s = Session.getInstance(p).getStore(settings.protocol());
            s.connect(settings.host(), settings.port(), settings.username(), settings.password());
            store = s;
            inbox = null;
        }
        if (inbox == null || !inbox.isOpen()) {
            Folder f = store.getFolder(settings.folder());
            if (!f.exists()) {
                // a folder the mailbox's filter files into, not yet used: made now, so that reading can start
                f.create(Folder.HOLDS_MESSAGES);
            }
            f.open(Folder.READ_WRITE);
            inbox = f;
        }
        return inbox;
    }

    /** Reads every mail not yet moved away, one at a time. */
    synchronized void readAll(Folder folder) throws MessagingException {
        Message[] messages = folder.getMessages();
        for (Message m : messages) {
            if (!running || m.isExpunged() || m.isSet(Flags.Flag.DELETED)) {
                continue;
            }
            Disposition disposition;
            try {
                disposition = handler.handle((MimeMessage) m);
            } catch (Exception e) {
                log.warn("{}: mail {} could not be processed now, it stays in {}: {}", name, safeId(m), settings.folder(), e.toString());
                continue;
            }
            if (disposition == Disposition.DEAD_LETTER && deadLetterFolder != null) {
                log.warn("{}: mail {} refused, moved to {}", name, safeId(m), deadLetterFolder);
                moveTo(folder, m, deadLetterFolder);
            } else {
                moveTo(folder, m, settings.processedFolder());
            }
        }
    }

    private void moveTo(Folder folder, Message m, String targetName) throws MessagingException {
        m.setFlag(Flags.Flag.SEEN, true);
        try {
            m.setFlags(new Flags(PROCESSED_KEYWORD), true);
        } catch (MessagingException ignored) {
            // a server without keywords: the move alone keeps it from being read again
        }
        Folder target = store.getFolder(targetName);
        if (!target.exists()) {
            target.create(Folder.HOLDS_MESSAGES);
        }
        if (folder instanceof IMAPFolder f && store instanceof IMAPStore s && s.hasCapability("MOVE")) {
            f.moveMessages(new Message[]{m}, target);
        } else {
            folder.copyMessages(new Message[]{m}, target);
            m.setFlag(Flags.Flag.DELETED, true);
            folder.expunge();
        }
    }

    private static String safeId(Message m) {
        try {
            return ((MimeMessage) m).getMessageID();
        } catch (MessagingException e) {
            return "(unreadable)";
        }
    }

    private void closeQuietly() {
        try {
            if (inbox != null && inbox.isOpen()) {
                inbox.close(true);
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        inbox = null;
        store = null;
    }
}
