package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RelayControl} on Postfix. A change is saved to the database, takes effect in the policy
 * service's memory at once (the very next request, also inside an open SMTP session), and is
 * then written to the access map of every relay (serialized: one writer at a time). A relay
 * whose map cannot be written makes the call fail after the others were tried, naming each
 * relay, so a retried job rewrites the maps (the whole map is rendered each time: idempotent).
 */
public class PostfixRelayControl implements RelayControl {

    private static final Logger log = LoggerFactory.getLogger(PostfixRelayControl.class);

    private final AccountStates states;
    private final RelayStateRepository repository;
    private final List<PostfixRelay> relays;
    private final RefusalCode refusal;
    private final Clock clock;

    PostfixRelayControl(AccountStates states, RelayStateRepository repository, List<PostfixRelay> relays,
                        RefusalCode refusal, Clock clock) {
        this.states = states;
        this.repository = repository;
        this.relays = List.copyOf(relays);
        this.refusal = refusal;
        this.clock = clock;
    }

    /** Loads the saved states into memory and brings every relay's access map in line with them. */
    public synchronized void reload() {
        Map<Account, AccountStates.Entry> saved = repository.loadAll();
        saved.forEach(states::put);
        log.info("relay states reloaded: {} accounts not active", saved.size());
        try {
            writeMaps();
        } catch (MailServerException e) {
            log.error("access maps not brought in line at start (the policy service answers anyway): {}", e.getMessage());
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

    private synchronized void change(Account account, AccountStates.Entry entry) {
        repository.save(account, entry, clock.instant());
        states.put(account, entry);
        log.info("relay state: {} -> {}", account, entry.state());
        writeMaps();
    }

    /** Renders the whole map and writes it to every relay; reports each relay that failed. */
    synchronized void writeMaps() {
        String content = AccessMap.render(states.snapshot(), refusal);
        List<String> failures = new ArrayList<>();
        for (PostfixRelay relay : relays) {
            try {
                relay.replaceAccessMap(content);
                log.info("relay {}: access map {} written and Postfix reloaded", relay.name(), relay.accessMap());
            } catch (RuntimeException e) {
                failures.add(relay.failure("writing the access map", e).getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new MailServerException(String.join("; ", failures));
        }
    }

    @Override
    public RelayState stateOf(Account account) {
        return states.stateOf(account);
    }

    @Override
    public Map<Account, RelayState> nonActiveAccounts() {
        Map<Account, RelayState> out = new LinkedHashMap<>();
        states.snapshot().forEach((a, e) -> out.put(a, e.state()));
        return out;
    }
}
