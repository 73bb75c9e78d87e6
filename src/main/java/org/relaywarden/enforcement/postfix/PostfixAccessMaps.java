package org.relaywarden.enforcement.postfix;


import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.enforcement.policy.DurableRefusals;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;


/**
 * Postfix's durable layer: the {@code check_sasl_access} map of every relay, rendered whole from
 * the states ({@link AccessMap}) and replaced atomically, then {@code postmap} and a reload.
 */
final class PostfixAccessMaps implements DurableRefusals {

    private static final Logger log = LoggerFactory.getLogger(PostfixAccessMaps.class);

    private final List<PostfixRelay> relays;

    PostfixAccessMaps(List<PostfixRelay> relays) {
        this.relays = List.copyOf(relays);
    }

    @Override
    public List<String> bringInLine(List<DurableAnswer> answers) {
        String content = AccessMap.render(answers);
        List<String> failures = new ArrayList<>();
        for (PostfixRelay relay : relays) {
            try {
                relay.replaceAccessMap(content);
                log.info("relay {}: access map {} written and Postfix reloaded", relay.name(), relay.accessMap());
            } catch (RuntimeException e) {
                failures.add(relay.failure("writing the access map", e).getMessage());
            }
        }
        return failures;
    }

    @Override
    public List<String> relayNames() {
        return relays.stream().map(PostfixRelay::name).toList();
    }

    @Override
    public String mailServer() {
        return "Postfix";
    }

    @Override
    public String describe() {
        return "the access map of " + relays.size() + (relays.size() == 1 ? " relay" : " relays");
    }
}
