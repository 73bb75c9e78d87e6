package org.relaywarden.enforcement.qmail;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.policy.DurableRefusals;
import org.relaywarden.enforcement.policy.DurableAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * qmail's durable layer: vpopmail's per-account {@code NO_SMTP} flag ({@code vmoduser -s}, 0x800 in
 * the gid field). With it, {@code vchkpw} refuses the account's SMTP AUTH ({@code 535}) while POP3
 * and IMAP keep working, also while Relaywarden is down. A session that authenticated before keeps
 * relaying: the queue front refuses its next message.
 * <p>
 * Restore clears exactly the flag Relaywarden set: before setting it, the account's flags are read
 * ({@code vuserinfo -g}) and noted (table {@code qmail_vpopmail_flag}); an account whose flag the
 * provider had set already is noted as such and keeps it. Clearing one flag is
 * {@code vmoduser -x} with the options of every other flag the account has, in one call (vmoduser
 * clears and sets in the same write).
 * <p>
 * Beside the flag, each relay gets the <em>states file</em> the queue front reads when Relaywarden
 * does not answer ({@code relaywarden-qmail-queue states}): one {@code login TAB action} line per
 * suspended and held login, the action being the policy core's own answer (one per case-folded login,
 * a suspension before a hold: {@link org.relaywarden.enforcement.policy.DurableAnswers}), so that
 * held mail stays held, and a session that authenticated before stays refused, while Relaywarden is down.
 */
public class VpopmailFlags implements DurableRefusals {

    private static final Logger log = LoggerFactory.getLogger(VpopmailFlags.class);
    public static final int NO_SMTP = 0x800;
    /** vpopmail.h's flag bits and the vmoduser option that sets each. */
    static final Map<Integer, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put(0x01, "-d");
        OPTIONS.put(0x02, "-p");
        OPTIONS.put(0x04, "-w");
        OPTIONS.put(0x08, "-i");
        OPTIONS.put(0x10, "-b");
        OPTIONS.put(0x20, "-r");
        OPTIONS.put(0x40, "-u");
        OPTIONS.put(0x80, "-0");
        OPTIONS.put(0x100, "-1");
        OPTIONS.put(0x200, "-2");
        OPTIONS.put(0x400, "-3");
        OPTIONS.put(NO_SMTP, "-s");
        OPTIONS.put(0x1000, "-a");
        OPTIONS.put(0x2000, "-o");
        OPTIONS.put(0x4000, "-f");
        OPTIONS.put(0x8000, "-F");
        OPTIONS.put(0x10000, "-S");
        OPTIONS.put(0x20000, "-E");
        OPTIONS.put(0x40000, "-m");
    }

    private final List<QmailRelay> relays;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public VpopmailFlags(List<QmailRelay> relays, JdbcTemplate jdbc, Clock clock) {
        this.relays = List.copyOf(relays);
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The states file: {@code login TAB action} for every suspended and held account. */
    static String statesFile(List<DurableAnswer> answers) {
        StringBuilder sb = new StringBuilder();
        for (DurableAnswer a : answers) {
            sb.append(a.account().login()).append('\t').append(a.action()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public List<String> bringInLine(List<DurableAnswer> answers) {
        Set<Account> suspended = new LinkedHashSet<>();
        for (DurableAnswer a : answers) {
            if (a.state() == RelayState.SUSPENDED) {
                suspended.add(a.account());
            }
        }
        byte[] file = statesFile(answers).getBytes(StandardCharsets.US_ASCII);
        List<String> failures = new ArrayList<>();
        for (QmailRelay relay : relays) {
            long t0 = System.nanoTime();
            try {
                relay.runner().run(relay.queueTool("states").withStdin(file)).orThrow();
                log.debug("relay {}: states file written in {} ms", relay.name(), (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                failures.add(relay.failure("writing the states file", e).getMessage());
            }
            try {
                bringInLine(relay, suspended);
                log.debug("relay {}: states file and NO_SMTP flags in line {} ms after the write began", relay.name(),
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                failures.add(relay.failure("setting vpopmail's NO_SMTP flags", e).getMessage());
            }
        }
        return failures;
    }

    private void bringInLine(QmailRelay relay, Set<Account> suspended) {
        Map<Account, Boolean> noted = new LinkedHashMap<>();
        jdbc.query("SELECT login, set_by_relaywarden FROM qmail_vpopmail_flag WHERE relay = ?", rs -> {
            try {
                noted.put(Account.parse(rs.getString(1)), rs.getBoolean(2));
            } catch (InvalidAccountException e) {
                log.warn("relay {}: noted vpopmail flag of an unparseable login ignored", relay.name());
            }
        }, relay.name());
        List<String> problems = new ArrayList<>();
        for (Account account : suspended) {
            try {
                Integer flags = flagsOf(relay, account);
                if (flags == null) {
                    continue; // not a vpopmail user of this relay
                }
                if ((flags & NO_SMTP) != 0) {
                    if (!noted.containsKey(account)) {
                        note(relay, account, false, flags);
                        log.info("relay {}: {} had NO_SMTP set by the provider already; restore will keep it", relay.name(), account);
                    }
                    continue;
                }
                // noted first: a crash between the two leaves a note whose flag the next call sets
                if (!Boolean.TRUE.equals(noted.get(account))) {
                    jdbc.update("DELETE FROM qmail_vpopmail_flag WHERE relay = ? AND login = ?", relay.name(), account.login());
                    note(relay, account, true, flags);
                }
                relay.runner().run(relay.vmoduser(List.of("-s"), account)).orThrow();
                log.info("relay {}: vmoduser -s {} (NO_SMTP)", relay.name(), account);
            } catch (RuntimeException e) {
                problems.add(account + ": " + e.getMessage());
            }
        }
        for (Map.Entry<Account, Boolean> n : noted.entrySet()) {
            Account account = n.getKey();
            if (suspended.contains(account)) {
                continue;
            }
            try {
                if (n.getValue()) {
                    Integer flags = flagsOf(relay, account);
                    if (flags != null && (flags & NO_SMTP) != 0) {
                        relay.runner().run(relay.vmoduser(clearingNoSmtp(flags), account)).orThrow();
                        log.info("relay {}: NO_SMTP of {} cleared, its other flags kept", relay.name(), account);
                    }
                }
                jdbc.update("DELETE FROM qmail_vpopmail_flag WHERE relay = ? AND login = ?", relay.name(), account.login());
            } catch (RuntimeException e) {
                problems.add(account + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new MailServerException(String.join("; ", problems));
        }
    }

    private void note(QmailRelay relay, Account account, boolean byRelaywarden, int flags) {
        jdbc.update("INSERT INTO qmail_vpopmail_flag (relay, login, set_by_relaywarden, flags_before, noted_at) VALUES (?, ?, ?, ?, ?)",
                relay.name(), account.login(), byRelaywarden, flags, Timestamp.from(clock.instant()));
    }

    /** The account's flags, or null if vpopmail does not know it on this relay. */
    Integer flagsOf(QmailRelay relay, Account account) {
        CommandResult r = relay.runner().run(relay.vuserinfoFlags(account));
        String out = r.stdoutText().strip();
        if (out.startsWith("no such user")) {
            return null;
        }
        r.orThrow();
        try {
            return Integer.parseInt(out);
        } catch (NumberFormatException e) {
            throw new MailServerException("vuserinfo -g " + account + " printed no number: " + out);
        }
    }

    /** The vmoduser options that leave exactly {@code flags} without NO_SMTP ({@code -x} first). */
    static List<String> clearingNoSmtp(int flags) {
        int rest = flags & ~NO_SMTP;
        List<String> options = new ArrayList<>();
        options.add("-x");
        for (Map.Entry<Integer, String> o : OPTIONS.entrySet()) {
            if ((rest & o.getKey()) != 0) {
                options.add(o.getValue());
                rest &= ~o.getKey();
            }
        }
        if (rest != 0) {
            throw new MailServerException("flags 0x" + Integer.toHexString(flags) + " hold bits vmoduser cannot set again (0x"
                    + Integer.toHexString(rest) + "): NO_SMTP left set, clear it by hand");
        }
        return options;
    }

    /** The logins whose NO_SMTP flag Relaywarden set on this relay (for tests and the health page). */
    List<String> setByRelaywarden(String relay) {
        return jdbc.queryForList("SELECT login FROM qmail_vpopmail_flag WHERE relay = ? AND set_by_relaywarden ORDER BY login",
                String.class, relay);
    }

    @Override
    public List<String> relayNames() {
        return relays.stream().map(QmailRelay::name).toList();
    }

    @Override
    public String mailServer() {
        return "qmail + vpopmail";
    }

    @Override
    public String describe() {
        return "vpopmail's NO_SMTP flag and the queue front's states file on " + relays.size() + (relays.size() == 1 ? " relay" : " relays");
    }
}
