package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.notification.LetterContext;
import org.relaywarden.notification.LetterKind;
import org.relaywarden.notification.LetterService;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.*;

/**
 * Every Task_Send*: sends the letter named by the task's input parameter {@code letterKind}.
 * Its idempotency key counts the letters of that kind in this case; the counter is a process
 * variable, so a retried job computes the same key and the letter is not sent twice.
 */
@Component("sendLetter")
class SendLetterDelegate extends RemediationDelegate {

    private final LetterService letters;

    SendLetterDelegate(CaseRecords cases, LetterService letters) {
        super(cases);
        this.letters = letters;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        LetterKind kind = LetterKind.valueOf(LETTER_KIND.get(execution));
        ProcessVariable<Integer> counter = lettersSent(kind.name());
        int number = counter.getOrDefault(execution, 0) + 1;
        String comment = kind == LetterKind.TERMINATION ? TERMINATION_COMMENT.getOrNull(execution)
                : REVIEW_COMMENT.getOrNull(execution);
        LetterContext context = new LetterContext(MISSING_QUESTIONS.getOrNull(execution), comment,
                BURST_MESSAGES.getOrNull(execution), BURST_SECONDS.getOrNull(execution), QUARANTINED_COUNT.getOrNull(execution));
        letters.send(ref, kind, ref + ":" + kind + ":" + number, context);
        counter.set(execution.getProcessInstance(), number);
    }
}
