package org.relaywarden.process;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationProcess;
import org.springframework.stereotype.Component;

import java.util.Map;

import static org.relaywarden.process.RemediationVariables.*;

/** The {@link RemediationProcess} port on the embedded Camunda engine: start and correlate by business key. */
@Component
class CamundaRemediationProcess implements RemediationProcess {

    private final RuntimeService runtime;
    private final RemediationSettings settings;

    CamundaRemediationProcess(RuntimeService runtime, RemediationSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public void start(CaseReference ref, Account account, boolean originator) {
        runtime.createMessageCorrelation(RelayRemediation.Messages.ABUSE_SUSPECTED)
                .processInstanceBusinessKey(ref.toString())
                .setVariables(values(
                        entry(ACCOUNT, account.login()),
                        entry(ORIGINATOR, originator),
                        entry(FAILED_ATTEMPTS, 0),
                        entry(RETRY_CYCLE, settings.retryCycle()),
                        entry(REMINDER_CYCLE, settings.reminderCycle()),
                        entry(UNRESPONSIVE_AFTER, settings.unresponsiveAfter()),
                        entry(WATCH_WINDOW, settings.watchWindow()),
                        entry(PROBATION_PERIOD, settings.probationPeriod())))
                .correlateStartMessage();
    }

    @Override
    public void answersReceived(CaseReference ref, boolean complete, String missingQuestions) {
        correlate(ref, RelayRemediation.Messages.ANSWERS_RECEIVED, "waiting for answers",
                values(entry(ANSWERS_COMPLETE, complete), entry(MISSING_QUESTIONS, missingQuestions)));
    }

    @Override
    public void burstDetected(CaseReference ref, long messages, long seconds) {
        correlate(ref, RelayRemediation.Messages.BURST_DETECTED, "watching for a burst",
                values(entry(BURST_MESSAGES, messages), entry(BURST_SECONDS, seconds)));
    }

    @Override
    public void closeByOperator(CaseReference ref, String finalRelayState, String operator, String reason) {
        correlate(ref, RelayRemediation.Messages.CASE_CLOSED_BY_OPERATOR, "open",
                values(entry(FINAL_RELAY_STATE, finalRelayState), entry(CLOSED_BY, operator), entry(CLOSE_REASON, reason)));
    }

    /**
     * Correlates by business key. A case that is not waiting for the message is told so without
     * asking the engine to correlate (which would log an error for an ordinary 409 or for the
     * burst watch's next look); the engine's own check still decides a race.
     */
    private void correlate(CaseReference ref, String message, String expected, Map<String, Object> variables) {
        boolean waiting = runtime.createExecutionQuery().processInstanceBusinessKey(ref.toString())
                .messageEventSubscriptionName(message).count() > 0;
        if (!waiting) {
            throw new CaseNotWaitingException("case " + ref + " is not " + expected);
        }
        try {
            runtime.createMessageCorrelation(message)
                    .processInstanceBusinessKey(ref.toString())
                    .setVariables(variables)
                    .correlate();
        } catch (MismatchingMessageCorrelationException e) {
            throw new CaseNotWaitingException("case " + ref + " is not " + expected);
        }
    }
}
