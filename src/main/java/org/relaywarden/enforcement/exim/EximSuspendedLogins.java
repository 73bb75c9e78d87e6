package org.relaywarden.enforcement.exim;


import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.enforcement.policy.DurableRefusals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;


/**
 * Exim's durable layer: the suspended-logins file of every relay, rendered whole from the states
 * ({@link SuspendedLogins}) and renamed over the old one. No reload: Exim's {@code lsearch} reads the
 * file at each lookup.
 */
final class EximSuspendedLogins implements DurableRefusals {

    private static final Logger log = LoggerFactory.getLogger(EximSuspendedLogins.class);

    private final List<EximRelay> relays;

    EximSuspendedLogins(List<EximRelay> relays) {
        this.relays = List.copyOf(relays);
    }

    @Override
    public List<String> bringInLine(List<DurableAnswer> answers) {
        String content = SuspendedLogins.render(answers);
        List<String> failures = new ArrayList<>();
        for (EximRelay relay : relays) {
            try {
                relay.replaceSuspendedFile(content);
                log.info("relay {}: suspended-logins file {} written", relay.name(), relay.suspendedFile());
            } catch (RuntimeException e) {
                failures.add(relay.failure("writing the suspended-logins file", e).getMessage());
            }
        }
        return failures;
    }

    @Override
    public List<String> relayNames() {
        return relays.stream().map(EximRelay::name).toList();
    }

    @Override
    public String mailServer() {
        return "Exim";
    }

    @Override
    public String describe() {
        return "the suspended-logins file of " + relays.size() + (relays.size() == 1 ? " Exim relay" : " Exim relays");
    }
}
