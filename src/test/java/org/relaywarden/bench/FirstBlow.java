package org.relaywarden.bench;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.postfix.support.Flood;
import org.relaywarden.enforcement.postfix.support.PolicyWiring;
import org.relaywarden.enforcement.postfix.support.SmtpSink;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFloods;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Figure 9: the first blow (issue #29). The seed's flood of {@link #N} spam at full speed with forged senders to
 * many recipient domains, its variant from the account's own address with one recipient each, and a slow drip of
 * forged mail (one message every 2 s, {@code -Dbench.drip=300} messages, in real time: no clock is compressed)
 * through the customer's own Postfix into the provider's (docs/postfix.md) to a sink that counts what gets out;
 * Relaywarden with its default settings (risk and limits), policyd-rate-limit at the same limit, no protection.
 * Then the legitimate traffic, each its own account with the defaults, while the drip and a flood run: a neighbour
 * (120, then 500 messages to its two partner domains), a small firm's own Postfix relaying for 25 users of its
 * domain to 40 domains at a human pace (a message every 6 s), a shop's newsletter of 400 recipients over 30 domains
 * at full speed from its own address (an account without history).
 */
final class FirstBlow {

    static final int N = 1000;
    static final int DRIP = Integer.getInteger("bench.drip", 300);
    static final String PW = "blow-pw";
    static final String SEED = "X-Bench-Spam: first-blow-seed";
    static final String OWN = "X-Bench-Spam: first-blow-own";
    static final String DRIPPED = "X-Bench-Spam: first-blow-drip";

    private FirstBlow() {
    }




    /** Relaywarden's rows: the two floods at full speed and (with the legitimate traffic beside it) the drip. */
    static void relaywarden(ConfigurableApplicationContext app, TestPostfix provider, SmtpSink sink) throws Exception {
        RiskCore risk = app.getBean(RiskCore.class);
        long limit = app.getBean(SendingLimits.class).settings().floorMessages();
        flood(app, provider, sink, "seed", "blowseed@blow.example", RiskFloods.forged("forged"), RiskFloods.newDomains("s", 2), SEED,
                "9. first blow, seed flood at full speed (forged senders, 2 new recipient domains a message): Relaywarden", limit);
        flood(app, provider, sink, "own", "blowown@blow.example", i -> "blowown@blow.example", RiskFloods.newDomains("o", 1), OWN,
                "9. first blow, own-sender flood at full speed (one recipient each, new domains): Relaywarden", limit);
        withLegitimateTraffic(app, provider, sink, risk);
    }

    private static void flood(ConfigurableApplicationContext app, TestPostfix provider, SmtpSink sink, String name, String login,
                              IntFunction<String> sender, IntFunction<String[]> recipients, String marker, String row, long limit)
            throws Exception {
        provider.addUser(login, PW);
        Account account = Account.parse(login);
        RiskCore risk = app.getBean(RiskCore.class);
        Instant start = Instant.now();
        try (TestPostfix customer = TestPostfix.customerOf("custblow" + name, provider, login, PW)) {
            Flood.submit(customer.smtpPort(), null, null, sender, N, 4, i -> RiskFloods.message(marker, i), recipients);
            SpamThatGetsOut.settle(customer, provider);
        }
        Instant held = risk.heldSince(account);
        int inHold = provider.queueCounts().getOrDefault("hold", 0);
        long out = sink.count(marker);
        RelaywardenBench.row(row, "%d of %d reached the sink (goal: at most 10: %s); first hold %s after the flood began; %s; %d in the provider's hold queue"
                        .formatted(out, N, out <= 10 ? "met" : "NOT met",
                                held == null ? "never" : Duration.between(start, held).toMillis() + " ms",
                                "risk now " + risk.levelOf(account) + ", relay state " + app.getBean(RelayControl.class).stateOf(account),
                                inHold),
                ("customer Postfix -> provider Postfix (docs/postfix.md main.cf) -> sink; relaywarden.risk and relaywarden.limits "
                        + "defaults (floor %d messages an hour), an account without history; 4 sessions; one run; measured on the "
                        + "shared development machine UNDER LOAD FROM OTHER JOBS").formatted(limit));
    }

    /** The drip, a flood and the legitimate traffic at once; the drip's row and the legitimate traffic's rows. */
    private static void withLegitimateTraffic(ConfigurableApplicationContext app, TestPostfix provider, SmtpSink sink,
                                              RiskCore risk) throws Exception {
        RelayControl relays = app.getBean(RelayControl.class);
        String drip = "blowdrip@blow.example", neighbour = "blownachbar@blow.example", firm = "relay@firm-blow.example",
                shop = "news@shop-blow.example", flood = "blowflood2@blow.example";
        for (String l : List.of(drip, neighbour, firm, shop, flood)) {
            provider.addUser(l, PW);
        }
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Integer>> parts = new ArrayList<>();
        try (TestPostfix dripCustomer = TestPostfix.customerOf("custblowdrip", provider, drip, PW);
             TestPostfix floodCustomer = TestPostfix.customerOf("custblowfl", provider, flood, PW)) {
            // the drip: one forged message every 2 s, in real time
            parts.add(pool.submit(() -> {
                for (int i = 0; i < DRIP; i++) {
                    long next = System.nanoTime() + 2_000_000_000L;
                    Flood.submit(dripCustomer.smtpPort(), null, null, j -> "x" + j + "@dripped" + (j % 7) + ".example", 1, 1,
                            j -> RiskFloods.message(DRIPPED, j), j -> new String[]{"victim" + j + "@drip" + j + ".test"});
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                return DRIP;
            }));
            // a flood at the same time
            parts.add(pool.submit(() -> Flood.submit(floodCustomer.smtpPort(), null, null, RiskFloods.forged("fl"), N, 4,
                    i -> RiskFloods.message(SEED + "-concurrent", i), RiskFloods.newDomains("f", 2)).size()));
            // the neighbour: 120, then 500 at full speed to its two partners (remote.test, other.test)
            parts.add(pool.submit(() -> Flood.submit(provider.smtpPort(), neighbour, PW, neighbour, 120, 2,
                    i -> RiskFloods.message("X-Legit: neighbour", i)).size()
                    + Flood.submit(provider.smtpPort(), neighbour, PW, neighbour, 500, 4, i -> RiskFloods.message("X-Legit: neighbour", i)).size()));
            // the small firm: 25 users of its own domain to 40 domains, a message every 6 s, as long as the drip
            int firmMessages = Math.max(10, DRIP / 3);
            parts.add(pool.submit(() -> {
                int accepted = 0;
                for (int i = 0; i < firmMessages; i++) {
                    int n = i;
                    accepted += Flood.submit(provider.smtpPort(), firm, PW, j -> "user" + (n % 25) + "@firm-blow.example", 1, 1,
                            j -> RiskFloods.message("X-Legit: firm", n), j -> new String[]{"contact" + n + "@partner" + (n * 7 % 40) + ".test"}).size();
                    Thread.sleep(6000);
                }
                return accepted;
            }));
            // the shop's newsletter: 400 recipients over 30 domains at full speed from its own address, no history
            parts.add(pool.submit(() -> Flood.submit(provider.smtpPort(), shop, PW, i -> shop, 400, 4, i -> RiskFloods.message("X-Legit: newsletter", i),
                    i -> new String[]{"reader" + i + "@isp" + (i % 30) + ".test"}).size()));
            int dripped = parts.get(0).get(), floodAccepted = parts.get(1).get(), neighbourAccepted = parts.get(2).get(),
                    firmAccepted = parts.get(3).get(), newsletterAccepted = parts.get(4).get();
            SpamThatGetsOut.settle(dripCustomer, provider);
            SpamThatGetsOut.settle(floodCustomer, provider);
            Thread.sleep(3000);
            long dripOut = sink.count(DRIPPED);
            Instant dripHeld = risk.heldSince(Account.parse(drip));
            RelaywardenBench.row("9. first blow, slow drip of forged mail (one message every 2 s): Relaywarden",
                    "%d of %d reached the sink (goal: at most 20: %s); first hold %s after the drip began".formatted(dripOut, DRIP,
                            dripOut <= 20 ? "met" : "NOT met", dripHeld == null ? "never" : Duration.between(start, dripHeld).toSeconds() + " s"),
                    "real time, %d s, while a flood of %d and the legitimate traffic below ran; defaults; one run; UNDER LOAD FROM OTHER JOBS"
                            .formatted(Duration.between(start, Instant.now()).toSeconds(), N));
            RelaywardenBench.row("9. first blow, concurrent flood: Relaywarden", "%d of %d reached the sink (%d accepted by the provider)"
                    .formatted(sink.count(SEED + "-concurrent"), N, floodAccepted), "beside the drip and the legitimate traffic");
            legitimateRow(relays, risk, sink, "neighbour (120, then 500 to its two partner domains)", neighbour, 620,
                    neighbourAccepted, "X-Legit: neighbour");
            legitimateRow(relays, risk, sink, "small firm's Postfix (25 users, 40 domains, a message every 6 s)", firm, firmMessages,
                    firmAccepted, "X-Legit: firm");
            legitimateRow(relays, risk, sink, "shop's newsletter (400 recipients over 30 domains, full speed, no history)", shop, 400,
                    newsletterAccepted, "X-Legit: newsletter");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void legitimateRow(RelayControl relays, RiskCore risk, SmtpSink sink, String what, String login, int sent,
                                      int accepted, String marker) {
        Account a = Account.parse(login);
        long delivered = sink.count(marker);
        RiskLevel level = risk.levelOf(a);
        boolean suspended = relays.stateOf(a) == RelayState.SUSPENDED || level == RiskLevel.SUSPEND;
        RelaywardenBench.row("9. first blow, legitimate traffic during a flood: " + what,
                "%d of %d accepted, %d delivered, %s, %s (goal: 0 suspensions, 0 lost, not held%s)".formatted(accepted, sent, delivered,
                        suspended ? "SUSPENDED" : "not suspended", level == RiskLevel.HOLD ? "HELD (the rest in the hold queue)" : "not held",
                        login.startsWith("news@") ? " except at most this newsletter of an account without history" : ""),
                "its own account with the defaults, at the same time as the drip and a flood; the release of held mail is the "
                        + "process side's action (not measured here); one run; UNDER LOAD FROM OTHER JOBS");
    }

    /** policyd-rate-limit at the same limit and no protection, for the seed flood and its own-sender variant. */
    static void peers(long limit) throws Exception {
        for (boolean own : new boolean[]{false, true}) {
            String marker = own ? OWN : SEED, login = "blowpeer@blow.example";
            IntFunction<String> sender = own ? i -> login : RiskFloods.forged("forged");
            IntFunction<String[]> recipients = own ? RiskFloods.newDomains("o", 1) : RiskFloods.newDomains("s", 2);
            int rcpts = own ? 1 : 2;
            String what = own ? "own-sender flood" : "seed flood";
            try (SmtpSink sink = SmtpSink.start();
                 PolicyPeer prl = PolicyPeer.policydRateLimit(TestPostfix.freePort(), (int) (rcpts * limit), 3600)) {
                TestPostfix provider = TestPostfix.named("provblowprl").relayhost(sink.relayhost())
                        .policyService(prl.port, PolicyWiring.BRACES_IN_BOTH_PLACES).withoutAccessMap().user(login, PW).build().start();
                try (TestPostfix customer = TestPostfix.customerOf("custblowprl", provider, login, PW)) {
                    Flood.submit(customer.smtpPort(), null, null, sender, N, 4, i -> RiskFloods.message(marker, i), recipients);
                    SpamThatGetsOut.settle(customer, provider);
                    RelaywardenBench.row("9. first blow, " + what + " at full speed: policyd-rate-limit at the same limit",
                            "%d of %d reached the sink".formatted(sink.count(marker), N),
                            "limits [[%d, 3600]] RCPTs by sasl_username; one run; UNDER LOAD FROM OTHER JOBS".formatted(rcpts * limit));
                } finally {
                    provider.close();
                }
            }
            try (SmtpSink sink = SmtpSink.start()) {
                TestPostfix provider = TestPostfix.named("provblownone").relayhost(sink.relayhost()).withoutAccessMap()
                        .user(login, PW).build().start();
                try (TestPostfix customer = TestPostfix.customerOf("custblownone", provider, login, PW)) {
                    Flood.submit(customer.smtpPort(), null, null, sender, N, 4, i -> RiskFloods.message(marker, i), recipients);
                    SpamThatGetsOut.settle(customer, provider);
                    RelaywardenBench.row("9. first blow, " + what + " at full speed: no protection",
                            "%d of %d reached the sink".formatted(sink.count(marker), N),
                            "the same provider Postfix without a policy service; one run; UNDER LOAD FROM OTHER JOBS");
                } finally {
                    provider.close();
                }
            }
        }
    }
}
