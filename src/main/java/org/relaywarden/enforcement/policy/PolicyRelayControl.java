package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayReading;
import org.relaywarden.enforcement.RelayState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * {@link RelayControl} of every mail server that asks the policy service (Postfix, qmail, Exim):
 * the states are the same everywhere, only the durable layer differs ({@link DurableRefusals}).
 * A change is saved to the database, takes effect in the policy service's memory at once (the
 * very next request, also inside an open SMTP session), and is then brought into every relay's
 * durable layer (serialized across nodes by a database lock; it is given the states in the
 * database, so the last writer writes the newest). A relay whose layer cannot be written makes
 * the call fail after the others were tried, naming each relay, so a retried job writes again
 * (the whole set each time: idempotent).
 * <p>
 * In a cluster, {@link #follow()} applies the changes other nodes made (a short poll of the
 * change table); each account remembers the id of the change its state came from, so an older
 * change read late never overwrites a newer one.
 */
public class PolicyRelayControl implements RelayControl {

    private static final Logger log = LoggerFactory.getLogger(PolicyRelayControl.class);

    private final AccountStates states;
    private final RelayStateRepository repository;
    private final DurableRefusals durable;
    private final Supplier<RefusalCode> refusal;
    private final Clock clock;
    /** Per account, the id of the change its state in memory came from. */
    private final Map<Account, Long> revisions = new HashMap<>();
    private volatile long followedUpTo;
    private final Object saveLock = new Object();
    /** Told of every change made through this RelayControl or followed from another node (the core's risk hold lifts). */
    private volatile BiConsumer<Account, RelayState> changeListener = (account, state) -> { };
    /** Told the id of each change this node saved (the cluster's Redis announces it to the other nodes). */
    private volatile LongConsumer changed = id -> { };

    public PolicyRelayControl(AccountStates states, RelayStateRepository repository, DurableRefusals durable,
                              Supplier<RefusalCode> refusal, Clock clock) {
        this.states = states;
        this.repository = repository;
        this.durable = durable;
        this.refusal = refusal;
        this.clock = clock;
    }

    /** Who hears of each change of an account's relay state (one listener: the policy core's risk). */
    public void onChange(BiConsumer<Account, RelayState> listener) {
        this.changeListener = listener;
    }

    /** Loads the saved states into memory and brings every relay's durable layer in line with them. */
    public void reload() {
        int notActive = resync();
        log.info("relay states reloaded: {} accounts not active", notActive);
        try {
            // a relay's layer may have been replaced or lost while this node was away: write it in any case
            repository.mapsMayBeStale();
            writeMaps(0);
        } catch (MailServerException e) {
            log.error("{} not brought in line at start (the policy service answers anyway): {}", durable.describe(), e.getMessage());
        }
    }

    @Override
    public void suspend(Account account, String reason) {
        change(account, new AccountStates.Entry(RelayState.SUSPENDED, reason));
    }

    @Override
    public void hold(Account account, String reason) {
        change(account, new AccountStates.Entry(RelayState.HELD, reason));
    }

    @Override
    public void probation(Account account) {
        change(account, new AccountStates.Entry(RelayState.PROBATION, "probation"));
    }

    @Override
    public void restore(Account account) {
        change(account, new AccountStates.Entry(RelayState.ACTIVE, ""));
    }

    /**
     * The refusal at once, the durable layers later: saved (only if the account is still {@code watched}, checked under
     * the state lock) and in force in the policy service's memory, but not written to the relays here. The process's
     * own {@link #suspend} that follows writes them (a retried job or the next change would too); until then they
     * keep the hold or probation they had, which only matters while Relaywarden is down.
     */
    @Override
    public boolean suspendIf(Account account, RelayState watched, String reason) {
        AccountStates.Entry entry = new AccountStates.Entry(RelayState.SUSPENDED, reason);
        long id;
        synchronized (saveLock) {
            id = repository.saveIf(account, entry, watched, clock.instant());
        }
        if (id == RelayStateRepository.NOT_AS_EXPECTED) {
            return false;
        }
        if (id != RelayStateRepository.UNCHANGED) {
            announce(account, entry, id);
        }
        return true;
    }

    private void change(Account account, AccountStates.Entry entry) {
        long id;
        long t0 = System.nanoTime();
        // one writer per node at a time (the database lock orders the nodes; H2 would time out waiting on it)
        synchronized (saveLock) {
            id = repository.save(account, entry, clock.instant());
        }
        if (id == RelayStateRepository.UNCHANGED) {
            // a retried job: the state is saved already; make sure the maps have it (a no-op if they do)
            log.info("relay state: {} already {}", account, entry.state());
            writeMaps(repository.latestChange());
        } else {
            announce(account, entry, id);
            writeMaps(id);
        }
        log.debug("relay state: {} {} written to the relays ({}) {} ms after the change began", account, entry.state(),
                durable.describe(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** A saved change in force here: in memory (the very next policy request), told to the listeners. */
    private void announce(Account account, AccountStates.Entry entry, long id) {
        apply(account, entry, id);
        changeListener.accept(account, entry.state());
        changed.accept(id);
        log.info("relay state: {} -> {}", account, entry.state());
    }

    /** {@code listener} is told the id of every change this node saves, right after it took effect here. */
    void onChange(LongConsumer listener) {
        this.changed = listener;
    }

    /**
     * Puts a state into memory unless a newer change of the account is there already; true if this change was
     * not applied before.
     */
    private boolean apply(Account account, AccountStates.Entry entry, long id) {
        synchronized (revisions) {
            long had = revisions.getOrDefault(account, 0L);
            if (id >= had) {
                revisions.put(account, id);
                states.put(account, entry);
            }
            return id > had;
        }
    }

    /** Applies the changes made since the last call (by any node); returns how many were read. */
    public int follow() {
        List<RelayStateRepository.Change> changes = repository.changesAfter(followedUpTo, 10_000);
        for (RelayStateRepository.Change c : changes) {
            if (apply(c.account(), c.entry(), c.id())) {
                changeListener.accept(c.account(), c.entry().state());
            }
            followedUpTo = c.id();
        }
        return changes.size();
    }

    /**
     * Re-reads every state from the database (on start, and now and then in a cluster as a safety
     * net): accounts no longer saved are active again. Returns how many are not active.
     */
    public int resync() {
        long upTo = repository.latestChange();
        Map<Account, AccountStates.Entry> saved = repository.loadAll();
        Map<Account, AccountStates.Entry> inMemory = states.snapshot();
        inMemory.keySet().stream().filter(a -> !saved.containsKey(a))
                .forEach(a -> apply(a, new AccountStates.Entry(RelayState.ACTIVE, ""), upTo));
        saved.forEach((a, e) -> apply(a, e, upTo));
        followedUpTo = Math.max(followedUpTo, upTo);
        return saved.size();
    }

    /**
     * Brings every relay's durable layer in line with the saved states, holding the cluster's
     * lock, unless the change {@code needed} is there already (0: write in any case); reports each
     * relay that failed.
     */
    synchronized void writeMaps(long needed) {
        List<String> failures = repository.writeAccessMaps(needed,
                saved -> durable.bringInLine(DurableAnswers.of(saved, refusal.get())));
        if (!failures.isEmpty()) {
            throw new MailServerException(String.join("; ", failures));
        }
    }

    @Override
    public RelayState stateOf(Account account) {
        return states.stateOf(account);
    }

    /**
     * Every relay asks this policy service, so each gets the same answer; what may differ is its durable layer (what
     * keeps the state while Relaywarden is down): written with the newest change, or not yet (a write failed on
     * some relay; the retried job or the next change writes all of them again).
     */
    @Override
    public List<RelayReading> onEachRelay(Account account) {
        RelayState state = states.stateOf(account);
        boolean inLine = repository.mapsWrittenUpTo() >= repository.latestChange();
        String detail = "answered by the policy service; " + durable.describe()
                + (inLine ? " written with the newest change" : " not yet written with the newest change (a write failed "
                + "or is under way; it is written again with the next change or retried job)");
        return durable.relayNames().stream().map(name -> new RelayReading(name, state, detail)).toList();
    }

    @Override
    public Map<Account, RelayState> nonActiveAccounts() {
        Map<Account, RelayState> out = new LinkedHashMap<>();
        states.snapshot().forEach((a, e) -> out.put(a, e.state()));
        return out;
    }
}
