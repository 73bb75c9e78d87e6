package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.stereotype.Component;

/**
 * Task_ReviewAnswers, on create: puts the latest answers, the evidence and the earlier attempts
 * into task-local variables, which the form {@code reviewAnswers} shows to the agent.
 */
@Component("prepareReviewTask")
class PrepareReviewTaskListener implements TaskListener {

    private final QuestionnaireService questionnaire;

    PrepareReviewTaskListener(QuestionnaireService questionnaire) {
        this.questionnaire = questionnaire;
    }

    @Override
    public void notify(DelegateTask task) {
        CaseReference ref = CaseReference.parse(task.getExecution().getProcessBusinessKey());
        task.setVariablesLocal(questionnaire.reviewContext(ref));
    }
}
