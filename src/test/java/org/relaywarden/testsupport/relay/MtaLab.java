package org.relaywarden.testsupport.relay;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * What a story needs of the provider's relay, whichever mail server it is (Postfix, Exim, qmail): started as
 * the docs tell a provider, with the accounts {@link #KUNDE} and {@link #NACHBAR}, its upstream first down (a
 * soft-rejecting server or paused remote delivery: what the relay accepts stays queued), later up (a sink that
 * accepts and counts everything).
 */
public interface MtaLab extends AutoCloseable {

    Account KUNDE = Account.parse("kunde@example.test");
    Account NACHBAR = Account.parse("nachbar@example.test");

    /** The value of {@code relaywarden.mail-server}: "postfix", "exim", "qmail". */
    String mailServer();

    /**
     * Starts the relay (upstream down) and points Relaywarden at it as relay {@code relayName}: the relay's properties,
     * {@code relaywarden.mail-server}, the policy service's port.
     */
    void start(DynamicPropertyRegistry registry, String relayName) throws Exception;

    int smtpPort();

    String password(Account account);

    /** The envelope sender the relay lets {@code account} use when it wants {@code wanted} (qmail forces the login). */
    String envelopeSender(Account account, String wanted);

    /**
     * Submits {@code count} messages with SMTP AUTH as {@code account} over {@code sessions} sessions, each to two
     * recipients ({@code Flood.submit}); one entry per accepted message: its queue id where {@link #repliesWithQueueId}.
     */
    List<String> submit(Account account, String sender, int count, int sessions, IntFunction<String> message);

    /** Whether the relay's 250 names the queue id of the accepted message (Postfix, Exim; qmail names its process). */
    boolean repliesWithQueueId();

    /** The adapter's queue as a restarted application would build it: an empty index, attribution by the queue itself. */
    MailQueue queueAfterRestart(ApplicationContext context);

    /** What the relay's log says of a message's login, as the evidence's sample lines show it. */
    String loginInLog(Account account);

    /** Whether the relay's durable layer (map, file, flag) refuses the account. */
    boolean durablyRefuses(Account account);

    /** Whether the relay's durable layer holds the account's mail and no longer refuses it. */
    boolean durablyHolds(Account account);

    /** The durable layer's file as Relaywarden wrote it (the access map, the suspended-logins file, the states file). */
    Path durableFile();

    /**
     * What a refused client's queue notes as the reason of a refusal by the relay's policy: "4.7.1" (the policy
     * service's 451); on qmail "", any deferral (refused at AUTH by NO_SMTP or by the queue front, each with its own text).
     */
    String refusalMark();

    /** The relay's log, where it names the refusal text it gave; empty where it does not (qmail refuses at AUTH). */
    Optional<String> refusalLog();

    /** The relay's whole log. */
    String log();

    /** The ids of every message queued at the relay, outside the hold place. */
    List<String> queuedIds();

    /** How many messages sit in the relay's hold place (Postfix's hold queue, Exim's relaywarden_hold, qmail's hold folder). */
    int held();

    /** Whether the relay's daemon runs. */
    boolean running();

    /** How a message the relay queued begins (its Received header). */
    String receivedHeaderStart();

    /** The upstream recovers: what leaves the relay from now on reaches the counting sink. */
    void upstreamUp();

    /** Asks the relay to deliver its queue now. */
    void flush();

    /** How many messages upstream (deferring or counting) accepted that contain {@code marker}. */
    long upstreamCount(String marker);

    /** Waits until the relay has delivered everything it queued (the hold place aside); whether it did within {@code max}. */
    boolean awaitQueueEmpty(Duration max);

    @Override
    void close();
}
