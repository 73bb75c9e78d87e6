package org.relaywarden.bench;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.PolicyWiring;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 8: the seed's first incident at full speed. A cracked user floods the customer's own
 * Postfix with {@link #N} spam messages (two recipients each); it relays them at once through the
 * provider (SMTP AUTH) to a sink that counts what reaches the internet. Relaywarden with its default
 * limits (the provider's Postfix configured as docs/postfix.md says), policyd-rate-limit at the same
 * limit, and no protection; then the legitimate load with the defaults (120 and 500 messages from one
 * account, 10,000 from an allowlisted bulk account): no suspension.
 */
final class FirstStop {

    static final int N = 1000;
    static final String PW = "flood-pw";
    static final String MARKER = "X-Bench-Spam: first-stop";

    private FirstStop() {
    }

    static String spam(int i) {
        return "From: <kunde+" + i + "@flood.example>\nTo: <victim" + i + "@remote.test>\nSubject: Cheap watches " + i + "\n"
                + MARKER + "\n\nOnly today.\n";
    }

    /** Relaywarden's side, {@code runs} times, each with an account of its own and a fresh customer. */
    static void relaywarden(ConfigurableApplicationContext app, TestPostfix provider, SmtpSink sink, int runs) throws Exception {
        long limit = app.getBean(SendingLimits.class).settings().floorMessages();
        List<Double> outs = new ArrayList<>(), stops = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            String login = "flood" + run + "@flood.example";
            provider.addUser(login, PW);
            long before = sink.count(MARKER);
            double stop = once(app, provider, login, "custflood" + run);
            long out = sink.count(MARKER) - before;
            System.out.printf("first stop, Relaywarden run %d: %d of %d out, suspended %.0f ms after the first over-limit message%n",
                    run, out, N, stop);
            outs.add((double) out);
            stops.add(stop);
        }
        Spread out = Spread.of(outs), stop = Spread.of(stops);
        boolean every = out.max() <= limit && stop.max() <= 1000;
        RelaywardenBench.row("8. first stop, seed flood at full speed: Relaywarden",
                "%s of %d reached the sink (limit %d); suspended %s ms after the first over-limit message (goal: no more out than the limit, <= 1000 ms: %s)"
                        .formatted(out.format("%.0f"), N, limit, stop.format("%.0f"),
                                every ? "met in every run" : out.max() <= limit && stop.median() <= 1000 ? "met by the median run" : "NOT met"),
                ("customer Postfix -> provider Postfix (docs/postfix.md main.cf) -> sink; default limits (relaywarden.limits, floor %d "
                        + "messages an hour); the suspension is the saved relay-state change; %d runs, each an account of its own")
                        .formatted(limit, runs));
    }

    private static double once(ConfigurableApplicationContext app, TestPostfix provider, String login, String name) throws Exception {
        Account account = Account.parse(login);
        Instant start = Instant.now();
        try (TestPostfix customer = TestPostfix.customerOf(name, provider, login, PW)) {
            Flood.submit(customer.smtpPort(), null, null, "info@flood.example", N, 4, FirstStop::spam);
            SpamThatGetsOut.await("suspended", Duration.ofSeconds(120),
                    () -> app.getBean(RelayControl.class).stateOf(account) == RelayState.SUSPENDED);
            SpamThatGetsOut.settle(customer, provider);
        }
        Instant firstOver = app.getBean(TrafficCounters.class).policyLines(account, start, 100_000).stream()
                .filter(l -> l.text().contains("action=" + PolicyDecider.OVER_LIMIT)).map(MailLog.LogLine::time).findFirst()
                .orElseThrow(() -> new IllegalStateException("no message over the limit for " + login));
        Instant suspended = app.getBean(JdbcTemplate.class).queryForObject(
                "SELECT MIN(changed_at) FROM relay_state_change WHERE account = ? AND state = 'SUSPENDED'", OffsetDateTime.class,
                login).toInstant();
        return Duration.between(firstOver, suspended).toNanos() / 1e6;
    }

    /** policyd-rate-limit at the same limit: {@code limit} messages of two recipients = 2 × limit RCPTs an hour. */
    static void rateLimited(long limit) throws Exception {
        try (SmtpSink sink = SmtpSink.start();
             PolicyPeer prl = PolicyPeer.policydRateLimit(Ports.freePort(), (int) (2 * limit), 3600)) {
            TestPostfix provider = TestPostfix.named("provfsprl").relayhost(sink.relayhost())
                    .policyService(prl.port, PolicyWiring.AS_POLICYD_RATE_LIMIT_DOCUMENTS).withoutAccessMap().user("flood@flood.example", PW)
                    .build().start();
            try (TestPostfix customer = TestPostfix.customerOf("custfsprl", provider, "flood@flood.example", PW)) {
                Flood.submit(customer.smtpPort(), null, null, "info@flood.example", N, 4, FirstStop::spam);
                SpamThatGetsOut.settle(customer, provider);
                RelaywardenBench.row("8. first stop, seed flood at full speed: policyd-rate-limit at the same limit",
                        "%d of %d reached the sink; never suspended, no case, nobody told".formatted(sink.count(MARKER), N),
                        "limits [[%d, 3600]] RCPTs by sasl_username (= %d messages of 2 recipients an hour); %d still at the customer"
                                .formatted(2 * limit, limit, customer.queued()));
            } finally {
                provider.close();
            }
        }
    }

    static void unprotected() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            TestPostfix provider = TestPostfix.named("provfsnone").relayhost(sink.relayhost()).withoutAccessMap()
                    .user("flood@flood.example", PW).build().start();
            try (TestPostfix customer = TestPostfix.customerOf("custfsnone", provider, "flood@flood.example", PW)) {
                Flood.submit(customer.smtpPort(), null, null, "info@flood.example", N, 4, FirstStop::spam);
                SpamThatGetsOut.settle(customer, provider);
                RelaywardenBench.row("8. first stop, seed flood at full speed: no protection",
                        "%d of %d reached the sink".formatted(sink.count(MARKER), N), "the same provider Postfix without a policy service");
            } finally {
                provider.close();
            }
        }
    }

    /** The legitimate load with the default limits: nobody may be suspended. */
    static void legitimate(ConfigurableApplicationContext app, TestPostfix provider) {
        String neighbour = "nachbar@flood.example", bulk = "bulk@flood.example";
        provider.addUser(neighbour, PW);
        provider.addUser(bulk, PW);
        long t0 = System.nanoTime();
        int accepted = Flood.submit(provider.smtpPort(), neighbour, PW, neighbour, 120, 2, i -> "Subject: n" + i + "\n\nhi\n").size()
                + Flood.submit(provider.smtpPort(), neighbour, PW, neighbour, 500, 4, i -> "Subject: s" + i + "\n\nhi\n").size();
        int bulkAccepted = Flood.submit(provider.smtpPort(), bulk, PW, bulk, 10_000, 8, i -> "Subject: b" + i + "\n\nnews\n").size();
        RelayControl relays = app.getBean(RelayControl.class);
        boolean none = relays.stateOf(Account.parse(neighbour)) == RelayState.ACTIVE && relays.stateOf(Account.parse(bulk)) == RelayState.ACTIVE;
        RelaywardenBench.row("8. legitimate load with the default limits",
                "%s: neighbour %d of 620 accepted, allowlisted bulk account %d of 10000 accepted (goal: 0 suspensions)"
                        .formatted(none ? "0 suspensions" : "SUSPENDED (NOT met)", accepted, bulkAccepted),
                "120, then 500 messages from one account; 10,000 from an account with relaywarden.detection.accounts.[%s].allowlisted=true; %.0f s"
                        .formatted(bulk, (System.nanoTime() - t0) / 1e9));
    }
}
