package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.credentials.CredentialService;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.stereotype.Component;

/**
 * Task_ReviewAnswers, on create: puts the latest answers, the evidence and the earlier attempts
 * into task-local variables, which the form {@code reviewAnswers} shows to the agent; and whether the account's
 * password was changed since the suspension (read from the credential store now), answer 2 checked against it,
 * and what the re-enable policy makes of it ({@link ReenablePolicy}).
 */
@Component("prepareReviewTask")
class PrepareReviewTaskListener implements TaskListener {

    private final QuestionnaireService questionnaire;
    private final CredentialService credentials;
    private final ReenablePolicy policy;

    PrepareReviewTaskListener(QuestionnaireService questionnaire, CredentialService credentials, ReenablePolicy policy) {
        this.questionnaire = questionnaire;
        this.credentials = credentials;
        this.policy = policy;
    }

    @Override
    public void notify(DelegateTask task) {
        CaseReference ref = CaseReference.parse(task.getExecution().getProcessBusinessKey());
        task.setVariablesLocal(questionnaire.reviewContext(ref));
        task.setVariablesLocal(credentials.reviewFields(ref));
        task.setVariableLocal(ReenablePolicy.REVIEW_FIELD, policy.explain(ref, task.getProcessDefinitionId()));
    }
}
