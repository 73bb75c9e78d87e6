package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.quarantine.QuarantineService;

import java.util.function.IntFunction;

/** The traffic of the risk's tests on real servers and of the bench's figure 9: messages, forged senders, new domains. */
public final class RiskFloods {

    private RiskFloods() {
    }

    /** The {@code i}th message, marked so that a sink can count it. */
    public static String message(String marker, int i) {
        return "From: <someone" + i + "@example.test>\nSubject: offer " + i + "\n" + marker + "\n\nOnly today.\n";
    }

    /** The seed's forged envelope senders: {@code info<i>@<tag><i mod 40>.test}. */
    public static IntFunction<String> forged(String tag) {
        return i -> "info" + i + "@" + tag + (i % 40) + ".test";
    }

    /** One or two recipients a message, each in a domain never written to before ({@code tag} keeps runs apart). */
    public static IntFunction<String[]> newDomains(String tag, int perMessage) {
        return i -> perMessage == 1 ? new String[]{"victim" + i + "@" + tag + i + ".test"}
                : new String[]{"victim" + i + "@" + tag + "r" + i + ".test", "victim" + i + "@" + tag + "o" + i + ".test"};
    }

    /** What the accounts' open cases have quarantined (the core's held mail, once a case suspended its account). */
    public static long quarantined(CaseRecords cases, QuarantineService quarantine, Account... accounts) {
        long n = 0;
        for (Account account : accounts) {
            n += cases.findOpen(account).map(c -> (long) quarantine.ofCase(c.reference()).size()).orElse(0L);
        }
        return n;
    }
}
