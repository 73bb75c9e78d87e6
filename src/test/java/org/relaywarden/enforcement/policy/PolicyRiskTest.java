package org.relaywarden.enforcement.policy;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.LimitSettings;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.limits.OverLimitListener;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.risk.AccountProfiles;
import org.relaywarden.enforcement.risk.InMemoryRiskWindows;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskSettings;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.relaywarden.testsupport.SteppingClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk on the request path, through the policy core as the documented main.cf asks it (a RCPT request
 * per recipient, then END-OF-MESSAGE): floods held within their first messages, whatever they forge;
 * legitimate traffic of new accounts with the defaults untouched. Time is a stepping clock.
 */
class PolicyRiskTest {

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(clock, "test", TrafficCounters.Listener.NONE, Duration.ofHours(1));
    final List<RiskVerdict> verdicts = new ArrayList<>();
    final AccountProfiles profiles = new AccountProfiles(null, RiskSettings.defaults(), "node-1", clock);
    final RiskCore risk = new RiskCore(RiskSettings.defaults(), profiles, new InMemoryRiskWindows(), verdicts::add,
            RiskCore.Observer.NONE, clock);
    final PolicyDecider decider = new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, clock,
            new SendingLimits(LimitSettings.defaults(), null, a -> null), OverLimitListener.NONE, RefusedAttemptRecorder.NONE, risk, null);
    int instance;

    /** The answers to one message: its RCPT requests, then END-OF-MESSAGE; "out" if none held or refused it. */
    List<String> message(Account a, String sender, String client, String... recipients) {
        String id = "tx" + (++instance);
        List<String> actions = new ArrayList<>();
        for (String r : recipients) {
            actions.add(decider.decide(request(a, "RCPT", id, sender, client, r, 0)));
        }
        actions.add(decider.decide(request(a, "END-OF-MESSAGE", id, sender, client, recipients.length == 1 ? recipients[0] : "",
                recipients.length)));
        return actions;
    }

    static boolean out(List<String> actions) {
        return actions.stream().allMatch(PolicyDecider.DUNNO::equals);
    }

    static PolicyRequest request(Account a, String state, String instance, String sender, String client, String recipient,
                                 int count) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("request", "smtpd_access_policy");
        m.put("protocol_state", state);
        m.put("sasl_username", a.login());
        m.put("client_address", client);
        m.put("sender", sender);
        m.put("instance", instance);
        m.put("recipient", recipient);
        m.put("recipient_count", String.valueOf(count));
        return new PolicyRequest(m);
    }

    /** Sends {@code n} messages {@code every} apart; returns how many got out before the first hold or refusal. */
    int run(Account a, int n, Duration every, IntFunction<String> sender,
            IntFunction<String> client, IntFunction<String[]> recipients) {
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (out(message(a, sender.apply(i), client.apply(i), recipients.apply(i)))) {
                out++;
            }
            clock.advance(every);
        }
        return out;
    }

    @Test
    void theSeedFloodWithForgedSendersIsHeldAtItsSecondMessageAndSuspendedSoonAfter() {
        Account a = Account.parse("flood@customer.test");
        int out = run(a, 1000, Duration.ofMillis(5), i -> "kunde" + i + "@forged" + (i % 50) + ".test", i -> "198.51.100.7",
                i -> new String[]{"victim" + i + "@remote" + i + ".test", "victim" + i + "@other" + i + ".test"});

        // the second message's first RCPT adds a second forged sender and a third new domain within milliseconds: held
        assertThat(out).isEqualTo(1);
        assertThat(verdicts).extracting(RiskVerdict::level).containsExactly(RiskLevel.HOLD, RiskLevel.SUSPEND);
        assertThat(verdicts.get(0).reasons()).containsExactly(
                "2 of 2 messages in 10 minutes from 2 sender domains that are not yours: forged0.test, forged1.test",
                "3 recipient domains never written to before (3 in 10 s; account without history): remote0.test, other0.test, "
                        + "remote1.test");
        assertThat(message(a, "info@customer.test", "198.51.100.7", "x@partner.test"))
                .allSatisfy(action -> assertThat(action).startsWith("451 4.7.1 relaying suspended: "));
        assertThat(risk.levelOf(a)).isEqualTo(RiskLevel.SUSPEND);
    }

    @Test
    void aFloodFromTheAccountsOwnAddressToManyNewDomainsIsHeldWithinItsFirstSixMessages() {
        Account a = Account.parse("shop@own.test");
        int out = run(a, 300, Duration.ofMillis(5), i -> "shop@own.test", i -> "198.51.100.7",
                i -> new String[]{"victim" + i + "@d" + i + ".test"});

        assertThat(out).isEqualTo(5);
        assertThat(verdicts).extracting(RiskVerdict::level).containsExactly(RiskLevel.HOLD);
        assertThat(verdicts.get(0).reasons()).contains("6 recipient domains never written to before (6 in 10 s; account "
                + "without history): d0.test, d1.test, d2.test, d3.test, d4.test, d5.test");
        assertThat(message(a, "shop@own.test", "198.51.100.7", "x@d0.test"))
                .allSatisfy(action -> assertThat(action).startsWith("HOLD held for review: "));
    }

    @Test
    void aSlowDripOfForgedMailIsHeldAtItsThirdMessage() {
        Account a = Account.parse("drip@customer.test");
        int out = run(a, 300, Duration.ofSeconds(2), i -> "x" + i + "@forged.test", i -> "198.51.100.7",
                i -> new String[]{"victim" + i + "@remote.test"});
        assertThat(out).isEqualTo(2);
        assertThat(verdicts.get(0).level()).isEqualTo(RiskLevel.HOLD);
    }

    @Test
    void aCrackedAccountSendingAsItselfToManyNewDomainsSlowlyIsHeldByTheHourlyCount() {
        Account a = Account.parse("slow@customer.test");
        int out = run(a, 200, Duration.ofSeconds(30), i -> "slow@customer.test", i -> "198.51.100.7",
                i -> new String[]{"someone@n" + i + ".test"});
        assertThat(out).isBetween(50, 60);
        assertThat(verdicts.get(0).reasons()).anySatisfy(r -> assertThat(r).contains("in an hour"));
    }

    @Test
    void aBotnetUsingANewNetworkForEveryMessageIsHeldAfterFourNewNetworks() {
        Account a = Account.parse("bot@customer.test");
        int out = run(a, 100, Duration.ofSeconds(20), i -> "bot@customer.test", i -> "203.0." + i + ".9",
                i -> new String[]{"friend@partner.test"});
        assertThat(out).isEqualTo(4);
        assertThat(verdicts.get(0).reasons()).anySatisfy(r -> assertThat(r)
                .isEqualTo("4 client networks never used before in an hour: 203.0.1.0/24, 203.0.2.0/24, 203.0.3.0/24, 203.0.4.0/24"));
    }

    @Test
    void aNeighbourSending120Then500MessagesAtFullSpeedToItsPartnerIsNeverHeld() {
        Account a = Account.parse("nachbar@flood.test");
        int out = run(a, 120, Duration.ofMillis(10), i -> "nachbar@flood.test", i -> "192.0.2.10",
                i -> new String[]{"victim" + i + "@remote.test", "victim" + i + "@other.test"});
        clock.advance(Duration.ofMinutes(5));
        out += run(a, 500, Duration.ofMillis(5), i -> "nachbar@flood.test", i -> "192.0.2.10",
                i -> new String[]{"victim" + i + "@remote.test", "victim" + i + "@other.test"});
        assertThat(out).isEqualTo(620);
        assertThat(verdicts).isEmpty();
    }

    @Test
    void aSmallFirmsOwnRelayFor25UsersTo40DomainsAtAHumanPaceIsNeverHeld() {
        Account a = Account.parse("relay@firm.test");
        int out = run(a, 240, Duration.ofSeconds(10), i -> "user" + (i % 25) + "@firm.test", i -> "192.0.2.20",
                i -> new String[]{"contact" + i + "@partner" + (i * 7 % 40) + ".test"});
        assertThat(out).isEqualTo(240);
        assertThat(verdicts).isEmpty();
    }

    @Test
    void aNewShopsNewsletterOf400RecipientsOver30DomainsIsHeldNotSuspendedAndReleasingItTeachesTheProfile() {
        Account a = Account.parse("news@shop.test");
        IntFunction<String[]> list = i -> new String[]{"reader" + i + "@isp" + (i % 30) + ".test"};
        int out = run(a, 400, Duration.ofMillis(20), i -> "news@shop.test", i -> "192.0.2.30", list);
        assertThat(out).isLessThan(10);
        assertThat(verdicts).extracting(RiskVerdict::level).containsExactly(RiskLevel.HOLD);

        Instant heldSince = risk.heldSince(a);
        risk.legitimate(a, heldSince);
        assertThat(risk.levelOf(a)).isEqualTo(RiskLevel.NONE);
        clock.advance(Duration.ofDays(7));
        // next week's newsletter to the same readers: their domains are known now, the pace is what held it no more
        int again = run(a, 400, Duration.ofMillis(20), i -> "news@shop.test", i -> "192.0.2.30", list);
        assertThat(again).isEqualTo(400);
        assertThat(verdicts).hasSize(1);
    }

    @Test
    void theCoresHoldLastsUntilTheRelayStateIsChangedAndForgetsWhatWasHeldWhenTheAccountIsSuspended() {
        Account a = Account.parse("drip2@customer.test");
        run(a, 5, Duration.ofSeconds(2), i -> "x" + i + "@forged.test", i -> "198.51.100.7", i -> new String[]{"v@remote.test"});
        assertThat(risk.levelOf(a)).isEqualTo(RiskLevel.HOLD);
        clock.advance(Duration.ofHours(3));
        assertThat(message(a, "drip2@customer.test", "198.51.100.7", "v@remote.test")).first().asString().startsWith("HOLD ");

        risk.relayStateChanged(a, RelayState.ACTIVE);
        assertThat(message(a, "drip2@customer.test", "198.51.100.7", "v@remote.test")).containsOnly(PolicyDecider.DUNNO);
    }

    @Test
    void qmailsOneRequestPerMessageNamesItsRecipientDomainsAndTheyCountLikeRcpts() {
        // qmail's front: FORCEAUTHMAILFROM makes the sender the login; one END-OF-MESSAGE request per message
        Account a = Account.parse("kunde@qmail.test");
        int out = 0;
        for (int i = 0; i < 100; i++) {
            PolicyRequest eom = request(a, "END-OF-MESSAGE", "qmail." + i, a.login(), "198.51.100.7", "", 2);
            Map<String, String> m = new LinkedHashMap<>(eom.attributes());
            m.put("recipient_domains", "remote" + i + ".test,other" + i + ".test");
            if (PolicyDecider.DUNNO.equals(decider.decide(new PolicyRequest(m)))) {
                out++;
            }
            clock.advance(Duration.ofMillis(5));
        }
        assertThat(out).as("two new domains a message, six in 10 s hold").isEqualTo(2);
        assertThat(verdicts.get(0).reasons()).anySatisfy(r -> assertThat(r).startsWith("6 recipient domains never written to"));
    }

    @Test
    void aLoginOutsideTheGrammarAndAnAllowlistedAccountAreNotWeighed() {
        RiskSettings own = new RiskSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, Map.of("bulk@shop.test", new RiskSettings.AccountRisk(false, null, null, null, null, null,
                null, null, null, null)));
        RiskCore r = new RiskCore(own, new AccountProfiles(null, own, "n", clock), new InMemoryRiskWindows(), verdicts::add,
                RiskCore.Observer.NONE, clock);
        for (int i = 0; i < 50; i++) {
            assertThat(r.onRequest(Account.parse("bulk@shop.test"), true, "x@forged.test", "198.51.100.7", "v@n" + i + ".test", 1, 0))
                    .isNull();
        }
        assertThat(verdicts).isEmpty();
    }
}
