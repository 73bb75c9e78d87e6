package org.relaywarden.detection;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.relaywarden.metrics.RelaywardenMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The rise of a held case's risk to SUSPEND while a step of the case runs (the hold on the relays takes seconds): the
 * alert thread does not wait for the step, every other account's alert goes on, the rise is told again later, bounded,
 * once per case. The engine's side (not told while the job runs, told after) is RelayRemediationProcessTest's.
 */
class RiskAlertsTest {

    static final Account CRACKED = Account.parse("cracked@shop.example");
    static final Account OTHER = Account.parse("other@firm.example");
    static final Account THIRD = Account.parse("third@firm.example");
    static final CaseReference HELD = new CaseReference(1);
    static final Duration LONG = Duration.ofMinutes(10);

    final RemediationProcess process = mock(RemediationProcess.class);
    final RelaywardenMetrics metrics = mock(RelaywardenMetrics.class);
    /** The account's alerts raised so far, by login. */
    final Map<String, CountDownLatch> raised = Map.of(CRACKED.login(), new CountDownLatch(2),
            OTHER.login(), new CountDownLatch(1), THIRD.login(), new CountDownLatch(1));

    /** CRACKED has a case held for review (its alerts fold into it); OTHER and THIRD get cases of their own. */
    AlertService alerts() {
        AlertService alerts = mock(AlertService.class);
        when(alerts.raise(any(AlertRequest.class), anyString(), anyString(), any())).thenAnswer(call -> {
            String login = call.<AlertRequest>getArgument(0).account();
            raised.get(login).countDown();
            return login.equals(CRACKED.login())
                    ? new AlertService.Result(HELD, AlertService.Status.FOLDED)
                    : new AlertService.Result(new CaseReference(login.length() + 100), AlertService.Status.OPENED);
        });
        return alerts;
    }

    static RiskVerdict verdict(Account account, RiskLevel level) {
        return new RiskVerdict(account, level, level == RiskLevel.SUSPEND ? 9 : 5, List.of("simulated verdict"), Instant.now());
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertThat(latch.await(60, TimeUnit.SECONDS)).as(what).isTrue();
    }

    @Test
    void anotherAccountsAlertGoesOnWhileARiseWaitsForItsCasesRunningStep() throws Exception {
        AtomicBoolean holdRuns = new AtomicBoolean(true);
        CountDownLatch metBusy = new CountDownLatch(1), told = new CountDownLatch(1);
        AtomicInteger suspensions = new AtomicInteger();
        when(process.riskRaised(eq(HELD), anyBoolean())).thenAnswer(call -> {
            if (holdRuns.get() && !call.<Boolean>getArgument(1)) {
                metBusy.countDown();
                return false;
            }
            if (suspensions.incrementAndGet() > 1) {
                throw new CaseNotWaitingException("case " + HELD + " is not held for review");
            }
            told.countDown();
            return true;
        });
        try (RiskAlerts risk = new RiskAlerts(alerts(), mock(CaseRisk.class), process, metrics, LONG, Duration.ofMillis(20))) {
            risk.risky(verdict(CRACKED, RiskLevel.SUSPEND));
            await(metBusy, "the rise met the case's running hold");

            risk.risky(verdict(OTHER, RiskLevel.HOLD));
            await(raised.get(OTHER.login()), "the other account's alert is raised while the first rise waits");
            assertThat(told.getCount()).as("the first rise is still waiting for the case's hold").isOne();

            holdRuns.set(false);
            await(told, "the rise is told once the hold has committed");
            // counted on the alert thread just after the case was told: wait for it before closing (which stops that thread)
            verify(metrics, timeout(60_000)).heldReview("risk-rose");
        }
        assertThat(suspensions).hasValue(1);
        verify(process, never()).riskRaised(HELD, true);
    }

    /** A further SUSPEND verdict for the case while its rise is under way adds no second rise. */
    @Test
    void oneRisePerCaseIsUnderWay() throws Exception {
        when(process.riskRaised(eq(HELD), anyBoolean())).thenReturn(false);
        try (RiskAlerts risk = new RiskAlerts(alerts(), mock(CaseRisk.class), process, metrics, LONG, LONG)) {
            risk.risky(verdict(CRACKED, RiskLevel.SUSPEND));
            risk.risky(verdict(CRACKED, RiskLevel.SUSPEND));
            // the alert thread takes its work in order: THIRD's alert comes after both of CRACKED's are done
            risk.risky(verdict(THIRD, RiskLevel.HOLD));
            await(raised.get(THIRD.login()), "the third account's alert is raised");
            assertThat(raised.get(CRACKED.login()).getCount()).as("both verdicts folded into the held case").isZero();
        }
        verify(process, times(1)).riskRaised(eq(HELD), anyBoolean());
    }

    /** Bounded: once the patience is over, the case is told even while its step still runs. */
    @Test
    void aRiseWhosePatienceIsOverIsToldAnyway() throws Exception {
        CountDownLatch told = new CountDownLatch(1);
        when(process.riskRaised(eq(HELD), anyBoolean())).thenAnswer(call -> {
            if (!call.<Boolean>getArgument(1)) {
                return false;
            }
            told.countDown();
            return true;
        });
        try (RiskAlerts risk = new RiskAlerts(alerts(), mock(CaseRisk.class), process, metrics, Duration.ZERO, LONG)) {
            risk.risky(verdict(CRACKED, RiskLevel.SUSPEND));
            await(told, "told anyway");
        }
        verify(process, never()).riskRaised(HELD, false);
    }
}
