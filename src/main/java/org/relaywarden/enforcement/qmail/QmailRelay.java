package org.relaywarden.enforcement.qmail;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.ConfiguredRelay;
import org.relaywarden.enforcement.command.Relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the provider's qmail + vpopmail relays: its name, where its commands run, and the paths
 * of qmail, vpopmail, the qmail-send service, the hold folder and the installed queue tool. Builds
 * every command the adapter runs; logins only as {@link Account} values, queue ids checked.
 */
public class QmailRelay extends ConfiguredRelay {

    /** INODE.MTIME (queued) or hINSTANT.PID.RANDOM (held by the queue front). */
    public static final Pattern QUEUE_ID = Pattern.compile("h?[0-9]{1,20}\\.[0-9]{1,20}(\\.[0-9a-f]{1,16})?");

    private final String qmailDir;
    private final String vpopmailDir;
    private final String sendService;
    private final String holdDir;
    private final String queueTool;
    private final String smtpdLog;

    public QmailRelay(String name, CommandRunner runner, Path qmailDir, Path vpopmailDir, Path sendService, Path holdDir,
                      Path queueTool, Path smtpdLog, Duration timeout) {
        super(name, runner, timeout);
        this.qmailDir = Relay.checkedPath(qmailDir);
        this.vpopmailDir = Relay.checkedPath(vpopmailDir);
        this.sendService = Relay.checkedPath(sendService);
        this.holdDir = Relay.checkedPath(holdDir);
        this.queueTool = Relay.checkedPath(queueTool);
        this.smtpdLog = smtpdLog == null ? null : Relay.checkedPath(smtpdLog);
    }


    static void checkQueueIds(Collection<String> ids) {
        for (String id : ids) {
            if (!QUEUE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a qmail queue id of Relaywarden's: " + id);
            }
        }
    }
    String sendService() {
        return sendService;
    }

    Optional<String> smtpdLog() {
        return Optional.ofNullable(smtpdLog);
    }

    /** {@code relaywarden-qmail-queue -q QMAIL -s SERVICE -H HOLD OP ARGS...}. */
    Command queueTool(String op, String... args) {
        List<String> argv = new ArrayList<>(List.of(queueTool, "-q", qmailDir, "-s", sendService, "-H", holdDir, op));
        argv.addAll(List.of(args));
        return new Command(argv, null, timeout);
    }

    /** The queue tool with queue ids on standard input. */
    Command queueTool(String op, Collection<String> ids) {
        checkQueueIds(ids);
        return queueTool(op).withStdinLines(ids);
    }

    /** {@code vuserinfo -g LOGIN}: the account's vpopmail flags (the gid field), or "no such user". */
    Command vuserinfoFlags(Account account) {
        return Command.of(timeout, vpopmailDir + "/bin/vuserinfo", "-g", account.login());
    }

    /** {@code vmoduser OPTIONS... LOGIN} (options from {@link VpopmailFlags} only, never {@code -n}). */
    Command vmoduser(List<String> options, Account account) {
        List<String> argv = new ArrayList<>();
        argv.add(vpopmailDir + "/bin/vmoduser");
        for (String o : options) {
            if (!o.matches("-[xdpwibrou0123sSEafFm]") ) {
                throw new IllegalArgumentException("not a vmoduser flag option: " + o);
            }
            argv.add(o);
        }
        argv.add(account.login());
        return new Command(argv, null, timeout);
    }

    /** {@code svstat SERVICE}. */
    Command svstat() {
        return Command.of(timeout, "svstat", sendService);
    }

    /**
     * {@code grep -F -e authuser=LOGIN -- SMTPD_LOG}; where the log is multilog's {@code current}, the files multilog
     * rotated it into ({@code @<tai64n>.s}, {@code .u}) beside it as well: a flood fills the log, and the lines of the
     * case's start may already be in a rotated file when its evidence is read ({@code -r} over the folder, no shell).
     */
    Command grepSmtpdLog(Account account) {
        return grepSmtpdLog("authuser=" + account.login() + " ");
    }

    /** The qmail-smtpd lines of the message qmail-queue took as process {@code pid} ({@code qp=PID}), in the same files. */
    Command grepQueuePid(long pid) {
        return grepSmtpdLog(" qp=" + pid + " ");
    }

    private Command grepSmtpdLog(String pattern) {
        Path log = Path.of(smtpdLog);
        if (log.getFileName().toString().equals("current") && log.getParent() != null) {
            return Command.of(timeout, "grep", "-r", "-h", "-F", "--include=current", "--include=@*.s", "--include=@*.u",
                    "-e", pattern, "--", log.getParent().toString());
        }
        return Command.of(timeout, "grep", "-F", "-e", pattern, "--", smtpdLog);
    }

}
