package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The mail transactions the policy service is counting, by Postfix's {@code instance} attribute,
 * across connections: with the documented {@code main.cf} an smtpd process asks at RCPT over one
 * connection (the braces form) and at END-OF-MESSAGE over another (the plain form), and the two
 * must count as one message. A transaction is forgotten at END-OF-MESSAGE (its last request);
 * transactions that never get there (RCPT-only wiring, an aborted session) are forgotten when
 * their generation is older than two {@link #GENERATION_MILLIS}, or earlier once a generation holds
 * {@link #MAX_PER_GENERATION}.
 */
final class Transactions {

    static final long GENERATION_MILLIS = 5 * 60_000;
    static final int MAX_PER_GENERATION = 500_000;

    /** One mail transaction; every field guarded by the instance's own lock. */
    static final class Tx {
        final Account account;
        /** Counted as a message (or refused, or kept as an evidence line): never again. */
        boolean seen;
        /** Deferred for being over the limit: every later request of it too. */
        boolean overLimit;
        /** Recipients counted so far. */
        int recipients;
        /** Addresses counted at RCPT (one RCPT may be asked about twice). */
        Names rcpts;
        TrafficCounters.Event message;
        /** Recipient domains the risk observed for this transaction. */
        Names riskDomains;

        Tx(Account account) {
            this.account = account;
        }

        /** True if the domain of this recipient was not observed by the risk for this transaction before. */
        boolean newRiskDomain(String address) {
            if (riskDomains == null) {
                riskDomains = new Names();
            }
            int at = address.lastIndexOf('@');
            return riskDomains.add(address.substring(at + 1).toLowerCase(Locale.ROOT));
        }

        /** True if this RCPT's address was not counted for this transaction before. */
        boolean newRecipient(String address) {
            if (rcpts == null) {
                rcpts = new Names();
            }
            return rcpts.add(address.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * A transaction's few names (its recipients, their domains) in a small array; a hash set only past
     * {@link #SMALL}. A transaction lives until its end of message, and on a busy node tens of thousands are
     * open at once: two hash sets each were most of their memory.
     */
    static final class Names {
        static final int SMALL = 8;
        private String[] few = new String[2];
        private int n;
        private Set<String> many;

        /** True if the name was not there before. */
        boolean add(String name) {
            if (many != null) {
                return many.add(name);
            }
            for (int i = 0; i < n; i++) {
                if (few[i].equals(name)) {
                    return false;
                }
            }
            if (n == SMALL) {
                many = new HashSet<>(Arrays.asList(few));
                few = null;
                return many.add(name);
            }
            if (n == few.length) {
                few = Arrays.copyOf(few, Math.min(SMALL, n * 2));
            }
            few[n++] = name;
            return true;
        }

        int size() {
            return many != null ? many.size() : n;
        }
    }

    private volatile Map<String, Tx> current = new ConcurrentHashMap<>();
    private volatile Map<String, Tx> previous = new ConcurrentHashMap<>();
    private volatile long currentSince;
    private final LongSupplier millis;

    Transactions(LongSupplier millis) {
        this.millis = millis;
        this.currentSince = millis.getAsLong();
    }

    /**
     * The transaction named {@code instance} of this account, new if unseen. An empty instance (a
     * client that does not send one) is a transaction of its own on every request. A transaction
     * whose instance turns up with another login is not the same transaction.
     */
    Tx of(String instance, Account account) {
        if (instance.isEmpty()) {
            return new Tx(account);
        }
        rotateIfDue();
        Map<String, Tx> cur = current;
        Tx tx = cur.get(instance);
        if (tx == null) {
            Tx old = previous.get(instance);
            tx = old != null ? old : new Tx(account);
            Tx raced = cur.putIfAbsent(instance, tx);
            tx = raced != null ? raced : tx;
        }
        return tx.account.equals(account) ? tx : new Tx(account);
    }

    /** The transaction ended (END-OF-MESSAGE): nothing more will be asked about it. */
    void ended(String instance) {
        if (!instance.isEmpty()) {
            current.remove(instance);
            previous.remove(instance);
        }
    }

    int size() {
        return current.size() + previous.size();
    }

    private void rotateIfDue() {
        long now = millis.getAsLong();
        if (now - currentSince < GENERATION_MILLIS && current.size() < MAX_PER_GENERATION) {
            return;
        }
        synchronized (this) {
            if (now - currentSince < GENERATION_MILLIS && current.size() < MAX_PER_GENERATION) {
                return;
            }
            previous = current;
            current = new ConcurrentHashMap<>();
            currentSince = now;
        }
    }
}
