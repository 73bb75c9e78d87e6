package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.ConfiguredRelay;
import org.relaywarden.enforcement.command.LogTail;
import org.relaywarden.enforcement.command.Relay;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the provider's Postfix relays: its name, where its tools run, its configuration
 * directory and its access map. Builds every Postfix command the adapter uses (always with
 * {@code -c CONFIG_DIR}); queue ids and paths are checked before they reach a command.
 */
public class PostfixRelay extends ConfiguredRelay {

    /** Postfix queue ids: short (hex) and long (base 52 with digits) alike. */
    public static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{6,32}");
    static final String SBIN = "/usr/sbin/";

    private final String configDir;
    private final String accessMap;
    private final String maillog;

    public PostfixRelay(String name, CommandRunner runner, Path configDir, Path accessMap, Duration timeout) {
        this(name, runner, configDir, accessMap, null, timeout);
    }

    /** @param maillog the relay's mail log file (syslog's or {@code maillog_file}), or null if it is not to be read */
    public PostfixRelay(String name, CommandRunner runner, Path configDir, Path accessMap, Path maillog, Duration timeout) {
        super(name, runner, timeout);
        this.configDir = Relay.checkedPath(configDir);
        this.accessMap = Relay.checkedPath(accessMap);
        this.maillog = maillog == null ? null : Relay.checkedPath(maillog);
    }

    /** The mail log file, if configured. */
    Optional<String> maillog() {
        return Optional.ofNullable(maillog);
    }

    /** {@code grep -F -e sasl_username=LOGIN -- MAILLOG}: the log lines that name the login. */
    Command grepMaillog(Account account) {
        return Command.of(timeout, "/usr/bin/grep", "-F", "-e", "sasl_username=" + account.login(), "--", maillog);
    }

    /** The submission line ({@code ID: client=..., sasl_username=...}) of one queue id (letters and digits only). */
    Command grepSubmissionOf(String queueId) {
        if (!PostfixMailLog.QUEUE_ID.matcher(queueId).matches()) {
            throw new IllegalArgumentException("not a queue id");
        }
        return Command.of(timeout, "/usr/bin/grep", "-F", "-e", ": " + queueId + ": client=", "--", maillog);
    }

    /** The mail log read on from where the last read ended (only where a mail log is configured). */
    LogTail maillogTail() {
        return new LogTail(runner(), maillog, timeout);
    }

    /** The queue manager's lines ({@code ID: from=<...>, size=..., nrcpt=N}) of these queue ids (letters and digits only). */
    Command grepQueueManagerLines(Collection<String> queueIds) {
        List<String> args = new ArrayList<>(List.of("/usr/bin/grep", "-F"));
        for (String id : queueIds) {
            if (!id.matches("[0-9A-Za-z]{1,32}")) {
                throw new IllegalArgumentException("not a queue id");
            }
            args.add("-e");
            args.add(id + ": from=<");
        }
        args.add("--");
        args.add(maillog);
        return Command.of(timeout, args.toArray(String[]::new));
    }

    public String configDir() {
        return configDir;
    }

    public String accessMap() {
        return accessMap;
    }

    static void checkQueueIds(Collection<String> ids) {
        for (String id : ids) {
            if (!QUEUE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a Postfix queue id");
            }
        }
    }

    Command tool(String tool, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = SBIN + tool;
        argv[1] = "-c";
        argv[2] = configDir;
        System.arraycopy(args, 0, argv, 3, args.length);
        return Command.of(timeout, argv);
    }

    /** {@code postqueue -j}: every queued message, one JSON object per line. */
    Command postqueueJson() {
        return tool("postqueue", "-j");
    }

    /** {@code postcat -e -q ID...}: the envelope records (with {@code sasl_username}) of several messages. */
    Command postcatEnvelopes(List<String> ids) {
        checkQueueIds(ids);
        String[] args = new String[ids.size() + 2];
        args[0] = "-e";
        args[1] = "-q";
        for (int i = 0; i < ids.size(); i++) {
            args[i + 2] = ids.get(i);
        }
        return tool("postcat", args);
    }

    /** {@code postcat -ebh -q ID...}: envelope, and the messages as they would be delivered, with section markers. */
    Command postcatContents(List<String> ids) {
        checkQueueIds(ids);
        String[] args = new String[ids.size() + 2];
        args[0] = "-ebh";
        args[1] = "-q";
        for (int i = 0; i < ids.size(); i++) {
            args[i + 2] = ids.get(i);
        }
        return tool("postcat", args);
    }

    /** {@code postcat -bh -q ID}: the message as it would be delivered. */
    Command postcatMessage(String id) {
        checkQueueIds(List.of(id));
        return tool("postcat", "-bh", "-q", id);
    }

    /**
     * Runs {@code postsuper OP - [QUEUE]} with the ids on standard input, restricted to the named
     * queue if one is given ({@code -d - hold} looks in the hold queue alone: 10,000 ids in 0.1 s,
     * where the default list of queues took 2.8 s on this machine). postsuper exits 0 for ids it
     * did not find and reports its counters only where it cannot log, so callers that need to know
     * what moved list the queue afterwards.
     */
    void postsuper(String op, Collection<String> ids, String queue) {
        if (ids.isEmpty()) {
            return;
        }
        checkQueueIds(ids);
        Command c = queue == null ? tool("postsuper", op, "-") : tool("postsuper", op, "-", checkedQueueName(queue));
        runner().run(c.withStdinLines(ids)).orThrow();
    }

    private static String checkedQueueName(String queue) {
        if (!List.of("hold", "incoming", "active", "deferred").contains(queue)) {
            throw new IllegalArgumentException("not a Postfix queue name");
        }
        return queue;
    }

    private volatile String queueDirectory;

    /** The relay's queue directory ({@code postconf -h queue_directory}), asked once. */
    String queueDirectory() {
        String dir = queueDirectory;
        if (dir == null) {
            String out = new String(runner().run(tool("postconf", "-h", "queue_directory")).orThrow().stdout(),
                    StandardCharsets.US_ASCII).strip();
            dir = Relay.checkedPath(Path.of(out));
            queueDirectory = dir;
        }
        return dir;
    }

    /**
     * {@code tar -C QUEUE_DIRECTORY --ignore-failed-read -cf - -- QUEUE/ID...}: the raw queue files
     * of these messages in one tar stream; a file that left the queue meanwhile is left out.
     */
    Command tarQueueFiles(String queue, List<String> ids) {
        checkQueueIds(ids);
        List<String> argv = new ArrayList<>(List.of("/bin/tar", "-C", queueDirectory(), "--ignore-failed-read",
                "-cf", "-", "--"));
        String q = checkedQueueName(queue);
        ids.forEach(id -> argv.add(q + "/" + id));
        return new Command(argv, null, timeout);
    }


    /**
     * {@code sendmail -C CONFIG_DIR -G -i -f SENDER -- RECIPIENT...} with the message on standard
     * input: a message released from quarantine goes back into the queue.
     */
    Command sendmail(String sender, List<String> recipients) {
        checkEnvelope(sender, recipients);
        List<String> argv = new ArrayList<>(List.of(SBIN + "sendmail", "-C", configDir, "-G", "-i", "-f", sender, "--"));
        argv.addAll(recipients);
        return new Command(argv, null, timeout);
    }

    /** {@code postqueue -i ID}: deliver this message now. */
    void flush(String id) {
        checkQueueIds(List.of(id));
        runner().run(tool("postqueue", "-i", id)).orThrow();
    }

    /**
     * Replaces the access map atomically: the new text goes to a temporary file, postmap builds
     * its {@code .db} beside it, both are renamed over the old ones, and Postfix is reloaded
     * (postmap's one-second mtime resolution otherwise lets smtpd processes miss a rebuild).
     */
    void replaceAccessMap(String content) {
        String tmp = accessMap + ".relaywarden-new";
        runner().run(Command.of(timeout, "/usr/bin/tee", "--", tmp).withStdin(content.getBytes(StandardCharsets.US_ASCII)))
                .orThrow();
        runner().run(tool("postmap", "hash:" + tmp)).orThrow();
        runner().run(Command.of(timeout, "/bin/mv", "-f", "--", tmp + ".db", accessMap + ".db")).orThrow();
        runner().run(Command.of(timeout, "/bin/mv", "-f", "--", tmp, accessMap)).orThrow();
        CommandResult reload = runner().run(tool("postfix", "reload"));
        if (!reload.ok()) {
            if (running()) {
                reload.orThrow();
            }
            // not running: the new map is in place for its next start
        }
    }

    /** {@code postfix status}: exit code 0 means running. */
    boolean running() {
        return runner().run(tool("postfix", "status")).ok();
    }

}
