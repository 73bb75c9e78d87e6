package org.relaywarden.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.Evidence;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Relaywarden's own figures on {@code /actuator/prometheus}: what happened to alerts, how fast
 * accounts were suspended, how many rounds customers need, bursts, and the mail that was held,
 * quarantined and released. Cases by stage are read from the case store on every scrape.
 */
@Component
public class RelaywardenMetrics {

    private final MeterRegistry registry;
    private final Timer alertToSuspension;
    private final DistributionSummary roundsToCompleteAnswers;
    private final Counter bursts;
    /** The policy service answers every RCPT: its timers are looked up once, not per request. */
    private final Map<String, Timer> policyTimers = new ConcurrentHashMap<>();

    public RelaywardenMetrics(MeterRegistry registry, CaseRecords cases) {
        this.registry = registry;
        for (CaseStage stage : CaseStage.values()) {
            Gauge.builder("relaywarden.cases", cases, c -> c.countInStage(stage))
                    .description("cases by stage (closed cases: all ever closed)")
                    .tag("stage", stage.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("relaywarden.cases.awaiting.confirmation", cases, CaseRecords::countWaitingForConfirmation)
                .description("cases the blast-radius guard holds for an operator's confirmation, not yet suspended")
                .register(registry);
        this.alertToSuspension = Timer.builder("relaywarden.alert.to.suspension")
                .description("time from the alert that opened a case to the account's first suspension")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
        this.roundsToCompleteAnswers = DistributionSummary.builder("relaywarden.questionnaire.rounds")
                .description("answer rounds a case needed until all three questions were answered")
                .register(registry);
        this.bursts = Counter.builder("relaywarden.bursts.detected").description("bursts detected after a re-enable")
                .register(registry);
    }

    /**
     * The most distinct {@code source} label values the alert counter takes; further sources count as
     * {@code other}, so that one credential sending alerts with ever new sources cannot grow the series without bound.
     */
    public static final int MAX_SOURCES = 32;
    private final Set<String> sources = ConcurrentHashMap.newKeySet();

    /**
     * result: opened, folded, duplicate, resolved, refused, quiet-period (a detector's alert during a quiet period),
     * held-for-confirmation (opened, and held by the blast-radius guard; also counted as opened).
     */
    public void alert(String source, String result) {
        Counter.builder("relaywarden.alerts").description("alerts received, by what became of them")
                .tag("source", sourceLabel(source)).tag("result", result)
                .register(registry).increment();
    }

    /** The source as a label value: the first {@link #MAX_SOURCES} distinct ones as they are, then "other". */
    String sourceLabel(String source) {
        if (source == null) {
            return "unknown";
        }
        if (sources.contains(source)) {
            return source;
        }
        synchronized (sources) {
            if (sources.size() < MAX_SOURCES) {
                sources.add(source);
                return source;
            }
        }
        return sources.contains(source) ? source : "other";
    }

    /** A feedback-loop report, by what became of it: attributed, not-ours, unattributed, refused, duplicate. */
    public void complaint(String channel, String status) {
        Counter.builder("relaywarden.complaints").description("feedback-loop reports received, by what became of them")
                .tag("channel", channel).tag("status", status)
                .register(registry).increment();
    }

    /** Each blocklist lookup of an outgoing address: listed, clear, or failed (the DNS server did not answer). */
    public void blocklistCheck(String list, String result) {
        Counter.builder("relaywarden.blocklist.checks").description("DNSBL lookups of the provider's outgoing addresses")
                .tag("list", list).tag("result", result)
                .register(registry).increment();
    }

    public void suspendedAfter(Duration sinceAlert) {
        alertToSuspension.record(sinceAlert);
    }

    /** Every answer round: first or later, complete or not; complete rounds also feed the rounds summary. */
    public void answers(int round, boolean complete) {
        Counter.builder("relaywarden.questionnaire.answers").description("answer rounds received")
                .tag("round", round == 1 ? "first" : "later").tag("complete", String.valueOf(complete))
                .register(registry).increment();
        if (complete) {
            roundsToCompleteAnswers.record(round);
        }
    }

    /** One answer of the policy service: DUNNO, HOLD or a refusal, and how long it took. */
    public void policyAnswer(String action, long nanos) {
        String outcome = action.startsWith("DUNNO") ? "dunno" : action.startsWith("HOLD") ? "hold"
                : action.startsWith("4") || action.startsWith("5") ? "refused" : "other";
        policyTimers.computeIfAbsent(outcome, o -> Timer.builder("relaywarden.policy.requests")
                        .description("policy service answers and their latency")
                        .tag("action", o).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(2))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A verdict of the policy core's risk ({@code relaywarden_risk_verdicts_total} by level) and the signals that
     * made it ({@code relaywarden_risk_signals_total} by signal; {@code relaywarden_risk_score} its score).
     */
    public void riskVerdict(String riskLevel, double score, Collection<String> signals) {
        String level = riskLevel.toLowerCase(Locale.ROOT);
        Counter.builder("relaywarden.risk.verdicts").description("accounts the policy core's risk held or refused, by level")
                .tag("level", level).register(registry).increment();
        signals.forEach(signal -> Counter.builder("relaywarden.risk.signals")
                .description("signals that made a risk verdict, by signal").tag("signal", signal).register(registry).increment());
        DistributionSummary.builder("relaywarden.risk.score").description("the score of each risk verdict")
                .register(registry).record(score);
    }

    /** Accounts under the policy core's own risk hold or refusal ({@code relaywarden_risk_held_accounts}). */
    public void riskHeldAccounts(Supplier<Number> held) {
        Gauge.builder("relaywarden.risk.held.accounts", held, h -> h.get().doubleValue())
                .description("accounts whose mail the policy core's risk holds or refuses now").register(registry);
    }

    public void burst() {
        bursts.increment();
    }

    /**
     * A case's evidence, summed over cases: {@code relaywarden.evidence.messages{kind=...}} with kind submitted
     * (messages in the day before), recipients, refused (where the relay adapter counts them),
     * accepted_before_stop and quarantined; {@code relaywarden.evidence.client.addresses}.
     */
    public void evidence(Evidence e) {
        evidenceCount("submitted", e.submissionsLast24h());
        evidenceCount("recipients", e.recipientsLast24h());
        if (e.refusedLast24h() != null) {
            evidenceCount("refused", e.refusedLast24h());
        }
        evidenceCount("accepted_before_stop", e.acceptedBeforeStop());
        evidenceCount("quarantined", e.messageCount());
        Counter.builder("relaywarden.evidence.client.addresses")
                .description("distinct client addresses of the accounts in cases' evidence, summed over cases")
                .register(registry).increment(e.distinctClientsLast24h());
    }

    private void evidenceCount(String kind, long n) {
        Counter.builder("relaywarden.evidence.messages")
                .description("what cases' evidence counted (messages, recipients, refused, accepted before the stop, quarantined)")
                .tag("kind", kind).register(registry).increment(n);
    }

    /**
     * A case the policy core's risk opened, by the verdict's level ({@code hold}: held for review, {@code suspend}:
     * suspended at once): {@code relaywarden_risk_cases_total{level=...}}.
     */
    public void riskCase(String level) {
        Counter.builder("relaywarden.risk.cases").description("cases the policy core's risk opened, by its level")
                .tag("level", level.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /**
     * What became of a case held for review: {@code legitimate} (released, a false positive), {@code spam}
     * (suspended by the desk), {@code risk-rose} (the core became sure), {@code deadline} (nobody decided in time):
     * {@code relaywarden_risk_reviews_total{outcome=...}}.
     */
    public void heldReview(String outcome) {
        Counter.builder("relaywarden.risk.reviews").description("held-for-review cases decided, by how")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** A reminder to the desk of a case held for review: {@code relaywarden_risk_reviews_overdue_total}. */
    public void heldReviewOverdue() {
        Counter.builder("relaywarden.risk.reviews.overdue").description("reminders of held-for-review cases waiting for the desk")
                .register(registry).increment();
    }

    /** action: held, quarantined, released. */
    public void messages(String action, long count) {
        if (count > 0) {
            Counter.builder("relaywarden.messages").description("messages held, quarantined and released")
                    .tag("action", action).register(registry).increment(count);
        }
    }
}
