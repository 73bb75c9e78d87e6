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
import org.relaywarden.enforcement.risk.ReceiverAnswers;
import org.relaywarden.enforcement.risk.RiskHistory;
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
    final AccountProfiles profiles = new AccountProfiles(RiskHistory.database(), RiskSettings.defaults(), "node-1", clock);
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
    void aCrackedAccountWithoutHistorySendingAsItselfToManyNewDomainsSlowlyIsHeldOnlyByTheProvidersHourlyCount() {
        // without history nothing tells this drip from a new firm's first contacts but how long it goes on: the
        // provider's 60 new domains an hour hold it (the gap docs/risk.md names)
        Account a = Account.parse("slow@customer.test");
        int out = run(a, 200, Duration.ofSeconds(30), i -> "slow@customer.test", i -> "198.51.100.7",
                i -> new String[]{"someone@n" + i + ".test"});
        assertThat(out).isBetween(50, 60);
        assertThat(verdicts.get(0).reasons()).anySatisfy(r -> assertThat(r).contains("in an hour"));
    }

    /** Four weeks of a small firm's relay ({@link RiskHistory#firm}), learned. */
    void firmsHistory(Account a) {
        RiskHistory.firm(profiles, a, clock.millis(), "firm.test", "192.0.2.20");
        assertThat(profiles.profileOf(a).learnedNewDomains()).isTrue();
    }

    @Test
    void aCrackedFirmSendingAsItselfToOneNewDomainAMessageIsHeldByItsOwnLearnedRateWhateverItsPace() {
        Account a = Account.parse("relay@firm.test");
        firmsHistory(a);
        assertThat(profiles.profileOf(a).newDomainsPerHour()).isEqualTo(1);
        // one message every 30 s, every one to a domain the firm never wrote to: before the learned rate, 59 got out
        // (the provider's 60 an hour); now 3 x 1 an hour, at least 12
        int slow = run(a, 200, Duration.ofSeconds(30), i -> "relay@firm.test", i -> "192.0.2.20",
                i -> new String[]{"someone@slow" + i + ".test"});
        assertThat(slow).isEqualTo(11);
        assertThat(verdicts).extracting(RiskVerdict::level).containsExactly(RiskLevel.HOLD);
        assertThat(verdicts.get(0).reasons()).containsExactly("12 recipient domains never written to before (12 in an hour; "
                + "it adds at most 1 an hour): slow6.test, slow7.test, slow8.test, slow9.test, slow10.test, slow11.test, ...");
        System.out.printf("as-itself drip every 30 s, learned firm: %d of 200 out%n", slow);
    }

    @Test
    void theIssuesDripAsItselfOneMessageEvery2sFor10MinutesIsHeldWithinItsFirst20WithOrWithoutHistory() {
        Account fresh = Account.parse("drip@fresh.test");
        int outFresh = run(fresh, 300, Duration.ofSeconds(2), i -> "drip@fresh.test", i -> "198.51.100.7",
                i -> new String[]{"victim" + i + "@a" + i + ".test"});
        Account firm = Account.parse("relay@firm.test");
        firmsHistory(firm);
        int outFirm = run(firm, 300, Duration.ofSeconds(2), i -> "relay@firm.test", i -> "192.0.2.20",
                i -> new String[]{"victim" + i + "@b" + i + ".test"});
        System.out.printf("as-itself drip every 2 s for 10 min: %d of 300 out without history, %d with the firm's%n",
                outFresh, outFirm);
        assertThat(outFresh).isLessThanOrEqualTo(20);
        assertThat(outFirm).isLessThanOrEqualTo(12);
        assertThat(verdicts).extracting(RiskVerdict::level).containsExactly(RiskLevel.HOLD, RiskLevel.HOLD);
    }

    @Test
    void theLearnedFirmWritingToItsPartnersAndAFewNewContactsAtAHumanPaceIsNeverHeld() {
        Account a = Account.parse("relay@firm.test");
        firmsHistory(a);
        // a busy day: a message every 6 s for an hour, 10 of them to contacts it never wrote to (ten times its usual)
        int out = run(a, 600, Duration.ofSeconds(6), i -> "user" + (i % 25) + "@firm.test", i -> "192.0.2.20",
                i -> new String[]{i % 60 == 7 ? "new@fresh" + i + ".test" : "contact" + i + "@partner" + (i * 7 % 40) + ".test"});
        assertThat(profiles.profileOf(a).perMinute()).as("its learned pace: 10 a minute, 11 with a new contact").isEqualTo(11);
        assertThat(out).isEqualTo(600);
        assertThat(verdicts).isEmpty();
    }

    @Test
    void aSmallFirmWithoutHistoryFor25UsersTo40DomainsAtAMessageEvery6sIsNeverHeld() {
        // its 40 partner domains are all new in its first 40 messages; an hour later they are 40 of 600 messages
        Account a = Account.parse("relay@newfirm.test");
        int out = run(a, 600, Duration.ofSeconds(6), i -> "user" + (i % 25) + "@newfirm.test", i -> "192.0.2.21",
                i -> new String[]{"contact" + i + "@partner" + (i * 7 % 40) + ".test"});
        assertThat(out).isEqualTo(600);
        assertThat(verdicts).isEmpty();
    }

    @Test
    void aNeighbourWithHistorySending120Then500MessagesToItsTwoPartnersIsNeverHeld() {
        Account a = Account.parse("nachbar@partner.test");
        long today = clock.millis();
        for (int day = 14; day >= 1; day--) {
            for (int i = 0; i < 30; i++) {
                RiskHistory.message(profiles, a, today - Duration.ofDays(day).toMillis() + i * 600_000L, "nachbar@partner.test",
                        "192.0.2.10", false, "remote.test", "other.test");
            }
        }
        profiles.flush();
        profiles.relearn();
        assertThat(profiles.profileOf(a).learnedNewDomains()).isTrue();
        int out = run(a, 120, Duration.ofMillis(10), i -> "nachbar@partner.test", i -> "192.0.2.10",
                i -> new String[]{"victim" + i + "@remote.test", "victim" + i + "@other.test"});
        clock.advance(Duration.ofMinutes(5));
        out += run(a, 500, Duration.ofMillis(5), i -> "nachbar@partner.test", i -> "192.0.2.10",
                i -> new String[]{"victim" + i + "@remote.test", "victim" + i + "@other.test"});
        assertThat(out).isEqualTo(620);
        assertThat(verdicts).isEmpty();
    }

    @Test
    void recipientsRefusedByTheReceivingServersHoldTheAccountAtItsNextMessageWithTheirCountAsReason() {
        Account a = Account.parse("refused@customer.test");
        // its own address to one domain: no other signal
        assertThat(run(a, 20, Duration.ofSeconds(3), i -> "refused@customer.test", i -> "198.51.100.7",
                i -> new String[]{"u" + i + "@bigmail.test"})).as("without the receivers' answers nothing holds it").isEqualTo(20);
        // the relay's log: 20 recipients answered, 8 refused (5xx), 6 deferred (4xx): 8 + 3 = 11 weighed, 55 % of 20
        risk.answered(new ReceiverAnswers.Answers(a, 6, 6, 8));
        assertThat(out(message(a, "refused@customer.test", "198.51.100.7", "u21@bigmail.test"))).isFalse();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).level()).isEqualTo(RiskLevel.HOLD);
        assertThat(verdicts.get(0).reasons())
                .contains("14 of 20 recipients refused by the receiving servers in 10 min (8 refused, 6 deferred)");
    }

    @Test
    void aFewRefusalsAmongManyAcceptedAndAnswersOlderThanTenMinutesHoldNothing() {
        Account a = Account.parse("shop@bounces.test");
        // a newsletter's usual: 12 of 200 recipients refused (addresses that no longer exist), 20 deferred (greylisting)
        risk.answered(new ReceiverAnswers.Answers(a, 168, 20, 12));
        assertThat(out(message(a, "shop@bounces.test", "198.51.100.8", "reader@isp.test"))).isTrue();
        // a burst of refusals, then 11 minutes of quiet: the window has forgotten them
        Account b = Account.parse("old@bounces.test");
        risk.answered(new ReceiverAnswers.Answers(b, 0, 0, 30));
        clock.advance(Duration.ofMinutes(11));
        assertThat(out(message(b, "old@bounces.test", "198.51.100.8", "reader@isp.test"))).isTrue();
        assertThat(verdicts).isEmpty();
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
