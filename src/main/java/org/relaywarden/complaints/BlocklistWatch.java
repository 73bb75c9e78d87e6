package org.relaywarden.complaints;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Looks up the provider's outgoing addresses in the configured DNS blocklists every interval (on the node that holds
 * the scheduled-work lease). A new listing is a provider-level alert, not an account's case: a row in the blocklisting
 * table ({@code GET /api/v1/blocklistings}), the gauge {@code relaywarden.blocklist.listed}, a WARN log line, each
 * naming the accounts that sent the most in the hours before (the policy core's hourly counts per account; the core
 * does not count per outgoing address, so where the relays have several, the accounts of all of them). A later check
 * that finds the address gone closes the listing.
 */
@Service
public class BlocklistWatch {

    private static final Logger log = LoggerFactory.getLogger(BlocklistWatch.class);

    private final BlocklistSettings settings;
    private final Blocklistings listings;
    private final RelayTraffic traffic;
    private final Leadership leadership;
    private final RelaywardenMetrics metrics;
    private final Clock clock;
    private final DnsblLookup dns;

    BlocklistWatch(BlocklistSettings settings, Blocklistings listings, RelayTraffic traffic, Leadership leadership,
                   RelaywardenMetrics metrics, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.listings = listings;
        this.traffic = traffic;
        this.leadership = leadership;
        this.metrics = metrics;
        this.clock = clock;
        this.dns = new DnsblLookup(settings.dnsServer(), settings.timeout());
        Gauge.builder("relaywarden.blocklist.listed", listings, Blocklistings::countOpen)
                .description("the provider's outgoing addresses listed on a DNS blocklist now (address and list pairs)")
                .register(registry);
    }

    @Scheduled(fixedDelayString = "${relaywarden.blocklists.interval:PT30M}", initialDelayString = "PT1M")
    void scheduled() {
        if (settings.enabled() && leadership.isLeader()) {
            check();
        }
    }

    /** One round over every address and list; returns what each list answered. */
    public List<DnsblLookup.Answer> check() {
        List<DnsblLookup.Answer> answers = new ArrayList<>();
        for (String address : settings.addresses()) {
            for (String list : settings.lists()) {
                DnsblLookup.Answer a = dns.ask(address, list);
                answers.add(a);
                metrics.blocklistCheck(list, a.result().name().toLowerCase(Locale.ROOT));
                record(a);
            }
        }
        return answers;
    }

    public List<Blocklistings.Listing> recent(boolean currentOnly, int limit) {
        return listings.recent(currentOnly, limit);
    }

    private void record(DnsblLookup.Answer a) {
        Instant now = clock.instant();
        var open = listings.open(a.address(), a.list());
        switch (a.result()) {
            case LISTED -> {
                if (open.isPresent()) {
                    listings.checked(open.get().id(), now);
                    return;
                }
                String top = topSenders(now);
                listings.insert(a.address(), a.list(), String.join(", ", a.codes()), a.reason(), top, now);
                log.warn("BLOCKLISTED: outgoing address {} is listed on {} ({}{}); the accounts that sent the most in the {} h "
                                + "before: {}", a.address(), a.list(), String.join(", ", a.codes()),
                        a.reason() == null ? "" : ": " + a.reason(), settings.lookback().toHours(), top.isEmpty() ? "(none counted)" : top);
            }
            case CLEAR -> open.ifPresent(l -> {
                listings.delisted(l.id(), now);
                log.info("outgoing address {} is no longer listed on {}", a.address(), a.list());
            });
            case FAILED -> log.warn("blocklist check of {} on {} failed: {}", a.address(), a.list(), a.reason());
        }
    }

    /** "login (N messages), ..." from the database's hourly counts, else the policy core's counts in memory. */
    private String topSenders(Instant now) {
        Instant since = now.minus(settings.lookback());
        Map<String, Long> top = listings.topSenders(since.truncatedTo(ChronoUnit.HOURS), settings.topAccounts());
        if (top.isEmpty()) {
            top = traffic.activitySince(since).entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<Account, RelayTraffic.Activity> e) -> e.getValue().messages()).reversed()
                            .thenComparing(e -> e.getKey().login()))
                    .limit(settings.topAccounts())
                    .collect(Collectors.toMap(e -> e.getKey().login(), e -> e.getValue().messages(), (x, y) -> x,
                            LinkedHashMap::new));
        }
        return top.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " messages)").collect(Collectors.joining(", "));
    }
}
