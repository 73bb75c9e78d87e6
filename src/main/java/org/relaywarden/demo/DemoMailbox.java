package org.relaywarden.demo;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The <b>demo mailbox</b>: a mail server run by Relaywarden itself in the demo profile (GreenMail, SMTP and IMAP on
 * 127.0.0.1), so that the whole story can be seen without a mail server of one's own. Letters are really sent to it
 * by SMTP and land in each customer's demo mailbox; the abuse mailbox ({@code relaywarden.letters.from}) in it is
 * where the reply reader reads replies over IMAP. {@link #replyAs} sends a reply as the customer would, delivered
 * to the abuse mailbox as the provider's own mail server would deliver {@code abuse+TOKEN@...} (Postfix's
 * {@code recipient_delimiter = +}). Nothing in it leaves the machine; it lives in memory. Every mailbox in it, the
 * customers' too, opens with the demo profile's own secret ({@code relaywarden.demo-mailbox.abuse-password}, made at
 * start), never with the address as password.
 */
public class DemoMailbox implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoMailbox.class);

    private final int smtpPort;
    private final int imapPort;
    private final String abuseAddress;
    private final String abusePassword;
    private GreenMail greenMail;
    private volatile boolean running;

    public DemoMailbox(int smtpPort, int imapPort, String abuseAddress, String abusePassword) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.abuseAddress = abuseAddress;
        this.abusePassword = abusePassword;
    }

    /** One letter in a customer's demo mailbox. */
    public record Letter(String messageId, Instant receivedAt, String from, String replyTo, String subject, String text) {
    }

    /** A customer's demo mailbox: the address and its letters, oldest first. */
    public record Mailbox(String address, List<Letter> letters) {
    }

    @Override
    public synchronized void start() {
        if (greenMail != null) {
            running = true;
            return;
        }
        greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser(abuseAddress, abuseAddress, abusePassword));
        // a customer's demo mailbox opens with the demo profile's own secret, never with its address as password
        // (GreenMail's default for a mailbox it makes on delivery; issue 27.4)
        UserManager users = greenMail.getUserManager();
        users.setMessageDeliveryHandler((message, address) -> {
            GreenMailUser user = users.getUserByEmail(address.getEmail());
            return user != null ? user : users.createUser(address.getEmail(), address.getEmail(), abusePassword);
        });
        greenMail.start();
        running = true;
        log.info("demo mailbox: SMTP 127.0.0.1:{}, IMAP 127.0.0.1:{}; letters are sent to it, replies read from {} in it "
                + "(operators: /demo-mailbox)", smtpPort, imapPort, abuseAddress);
    }

    /**
     * Kept running while the other lifecycles stop: jobs may still send letters until the process engine (which
     * depends on this bean, {@link DemoMailboxConfiguration}) has shut its job executor down.
     */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void destroy() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Before the reply reader (an ordinary SmartLifecycle) starts, after it has stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public String abuseAddress() {
        return abuseAddress;
    }

    /** Every customer's demo mailbox (all but the abuse mailbox), by address. */
    public synchronized List<Mailbox> mailboxes() {
        if (greenMail == null) {
            return List.of();
        }
        List<Mailbox> boxes = new ArrayList<>();
        for (GreenMailUser user : greenMail.getUserManager().listUser()) {
            if (user.getEmail().equalsIgnoreCase(abuseAddress)) {
                continue;
            }
            try {
                List<Letter> letters = new ArrayList<>();
                for (StoredMessage m : greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                    letters.add(letter(m));
                }
                letters.sort(Comparator.comparing(Letter::receivedAt));
                boxes.add(new Mailbox(user.getEmail(), letters));
            } catch (FolderException | MessagingException | IOException e) {
                throw new IllegalStateException("demo mailbox of " + user.getEmail() + " unreadable", e);
            }
        }
        boxes.sort(Comparator.comparing(Mailbox::address));
        return boxes;
    }

    public Optional<Mailbox> mailbox(String address) {
        return mailboxes().stream().filter(b -> b.address().equalsIgnoreCase(address)).findFirst();
    }

    /**
     * Sends {@code text} as the customer {@code customer}'s reply to one of their letters: to the letter's
     * reply address, with In-Reply-To and References, by SMTP into the abuse mailbox.
     */
    public void replyAs(String customer, String letterMessageId, String text) {
        Mailbox box = mailbox(customer).orElseThrow(() -> new IllegalArgumentException("no demo mailbox " + customer));
        Letter letter = box.letters().stream().filter(l -> l.messageId().equals(letterMessageId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no letter " + letterMessageId + " in the demo mailbox of " + customer));
        try {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", String.valueOf(smtpPort));
            props.put("mail.smtp.connectiontimeout", "5000");
            props.put("mail.smtp.timeout", "5000");
            MimeMessage reply = new MimeMessage(Session.getInstance(props));
            reply.setFrom(new InternetAddress(box.address()));
            reply.setRecipients(MimeMessage.RecipientType.TO, letter.replyTo() == null ? abuseAddress : letter.replyTo());
            String subject = letter.subject() == null ? "" : letter.subject();
            reply.setSubject(subject.regionMatches(true, 0, "Re:", 0, 3) ? subject : "Re: " + subject, "UTF-8");
            reply.setHeader("In-Reply-To", letter.messageId());
            reply.setHeader("References", letter.messageId());
            reply.setText(text, "UTF-8");
            reply.saveChanges();
            // the envelope goes to the abuse mailbox, as the provider's server delivers abuse+TOKEN@... there
            Transport.send(reply, new Address[]{new InternetAddress(abuseAddress)});
            log.info("demo mailbox: reply of {} to {} sent to {}", box.address(), letter.messageId(), abuseAddress);
        } catch (MessagingException e) {
            throw new IllegalStateException("reply of " + customer + " not sent to the demo mailbox", e);
        }
    }

    private static Letter letter(StoredMessage stored) throws MessagingException, IOException {
        MimeMessage m = stored.getMimeMessage();
        Address[] replyTo = m.getReplyTo();
        Address[] from = m.getFrom();
        return new Letter(m.getMessageID(), stored.getReceivedDate().toInstant(),
                from == null || from.length == 0 ? "" : from[0].toString(),
                replyTo == null || replyTo.length == 0 ? null : ((InternetAddress) replyTo[0]).getAddress(),
                m.getSubject(), plainText(m));
    }

    /** The first text/plain part (letters are multipart/alternative: text and HTML). */
    static String plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                String text = plainText(bp);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
