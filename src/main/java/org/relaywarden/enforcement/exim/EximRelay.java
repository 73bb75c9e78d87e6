package org.relaywarden.enforcement.exim;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.ConfiguredRelay;
import org.relaywarden.enforcement.command.LogTail;
import org.relaywarden.enforcement.command.Relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the provider's Exim relays: its name, where its tools run, its binary (and {@code -C}
 * configuration), spool, suspended-logins file and main log. Builds every command the adapter uses;
 * message ids, queue names and paths are checked before they reach a command.
 */
public class EximRelay extends ConfiguredRelay {

    /** Exim message ids: 4.96's {@code 1xYbsY-0000Ct-0Z} and 4.97's longer {@code 1xYbsY-00000000Ct-0Z00}. */
    public static final Pattern MESSAGE_ID = Pattern.compile("[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}");
    /** The named queue a held account's messages go to (docs/exim.md); no queue runner serves it. */
    public static final String HOLD_QUEUE = "relaywarden_hold";
    /** Ids per exim call (the command line stays far below ARG_MAX). */
    static final int IDS_PER_CALL = 500;

    private final String binary;
    private final String config;
    private final String spool;
    private final String exipick;
    private final String suspendedFile;
    private final String mainlog;

    public EximRelay(String name, CommandRunner runner, EximProperties.RelayProperties p, Duration timeout) {
        super(name, runner, timeout);
        this.binary = Relay.checkedPath(p.binary());
        this.config = p.config() == null ? null : Relay.checkedPath(p.config());
        this.spool = Relay.checkedPath(p.spoolDirectory());
        this.exipick = Relay.checkedPath(p.exipick());
        this.suspendedFile = Relay.checkedPath(p.suspendedFile());
        this.mainlog = p.mainlog() == null ? null : Relay.checkedPath(p.mainlog());
    }

    String suspendedFile() {
        return suspendedFile;
    }

    String spool() {
        return spool;
    }

    Optional<String> mainlog() {
        return Optional.ofNullable(mainlog);
    }

    static void checkIds(Collection<String> ids) {
        for (String id : ids) {
            if (!MESSAGE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not an Exim message id");
            }
        }
    }

    /** {@code exim [-C CONFIG] ARGS}. */
    Command exim(List<String> args) {
        List<String> argv = new ArrayList<>(List.of(binary));
        if (config != null) {
            argv.add("-C");
            argv.add(config);
        }
        argv.addAll(args);
        return new Command(argv, null, timeout);
    }

    /**
     * {@code exim [-qGQUEUE] OP ID...} in calls of {@link #IDS_PER_CALL}: Exim looks for the ids in the
     * queue named by {@code -qG} (the default queue without it). Returns each call's result; a
     * message not found is reported by Exim on standard error, the others are still done.
     */
    List<CommandResult> onMessages(String queue, List<String> opArgs, List<String> ids) {
        checkIds(ids);
        List<CommandResult> results = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
            List<String> args = new ArrayList<>();
            if (!queue.isEmpty()) {
                args.add("-qG" + checkedQueue(queue));
            }
            args.addAll(opArgs);
            args.addAll(ids.subList(from, Math.min(ids.size(), from + IDS_PER_CALL)));
            results.add(runner().run(exim(args)));
        }
        return results;
    }

    private static String checkedQueue(String queue) {
        if (!queue.equals(HOLD_QUEUE)) {
            throw new IllegalArgumentException("not a queue Relaywarden uses");
        }
        return queue;
    }

    /**
     * {@code exipick --spool SPOOL [--queue Q] --show-vars ... --just-vars}: every message of the
     * queue, {@link EximQueueListing#VARS} lines each.
     */
    Command exipickListing(String queue) {
        List<String> argv = new ArrayList<>(List.of(exipick, "--spool", spool));
        if (!queue.isEmpty()) {
            argv.add("--queue");
            argv.add(checkedQueue(queue));
        }
        argv.addAll(List.of("--show-vars", String.join(",", EximQueueListing.VARS), "--just-vars"));
        return new Command(argv, null, timeout);
    }

    /**
     * {@code tar -C SPOOL --ignore-failed-read -cf - -- QUEUE/input/ID-H QUEUE/input/ID-D ...}: the
     * spool files of these messages in one stream; files that left the queue meanwhile are left out.
     */
    Command tarSpoolFiles(String queue, List<String> ids) {
        checkIds(ids);
        String dir = queue.isEmpty() ? "input/" : checkedQueue(queue) + "/input/";
        List<String> argv = new ArrayList<>(List.of("/bin/tar", "-C", spool, "--ignore-failed-read", "-cf", "-", "--"));
        for (String id : ids) {
            argv.add(dir + id + "-H");
            argv.add(dir + id + "-D");
        }
        return new Command(argv, null, timeout);
    }

    /** {@code exim -odi -f SENDER -- RECIPIENT...}, message on standard input: back into the queue, delivered now. */
    Command submit(String sender, List<String> recipients) {
        checkEnvelope(sender, recipients);
        List<String> args = new ArrayList<>(List.of("-odi", "-oi", "-f", sender.isEmpty() ? "<>" : sender, "--"));
        args.addAll(recipients);
        return exim(args);
    }

    /** {@code grep -F -e :LOGIN -- MAINLOG}: the log lines that may name the login ({@code A=plain:LOGIN}). */
    Command grepMainlog(Account account) {
        return Command.of(timeout, "/usr/bin/grep", "-F", "-i", "-e", ":" + account.login(), "--", mainlog);
    }

    /** The main log read on from where the last read ended (only where a main log is configured). */
    LogTail mainlogTail() {
        return new LogTail(runner(), mainlog, timeout);
    }

    /** {@code grep -F -e " ID <= " -- MAINLOG}: the reception line of one message id. */
    Command grepReceptionOf(String messageId) {
        if (!EximMailLog.MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("not an Exim message id");
        }
        return Command.of(timeout, "/usr/bin/grep", "-F", "-e", " " + messageId + " <= ", "--", mainlog);
    }

    /**
     * Replaces the suspended-logins file atomically: the text goes to a temporary file beside it,
     * which is renamed over it. Exim reads the file at each lookup: nothing to reload.
     */
    void replaceSuspendedFile(String content) {
        String tmp = suspendedFile + ".relaywarden-new";
        runner().run(Command.of(timeout, "/usr/bin/tee", "--", tmp).withStdin(content.getBytes(StandardCharsets.US_ASCII)))
                .orThrow();
        runner().run(Command.of(timeout, "/bin/chmod", "644", "--", tmp)).orThrow();
        runner().run(Command.of(timeout, "/bin/mv", "-f", "--", tmp, suspendedFile)).orThrow();
    }

    /** {@code exim -bV}: the binary runs and the configuration is valid. */
    CommandResult check() {
        return runner().run(exim(List.of("-bV")));
    }

}
