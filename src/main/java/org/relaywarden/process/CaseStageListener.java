package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseStage;
import org.springframework.stereotype.Component;

/** Mirrors the process's position into the case record, by {@link RelayRemediation#STAGE_ENTRIES}. */
@Component("caseStageListener")
class CaseStageListener implements ExecutionListener {

    private final CaseRecords cases;

    CaseStageListener(CaseRecords cases) {
        this.cases = cases;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String key = execution.getCurrentActivityId() + ":" + execution.getEventName();
        CaseStage stage = RelayRemediation.STAGE_ENTRIES.getOrDefault(key, RelayRemediation.EARLIER_STAGE_ENTRIES.get(key));
        if (stage == null) {
            throw new IllegalStateException("no case stage is declared for " + key);
        }
        cases.enterStage(CaseReference.parse(execution.getProcessBusinessKey()), stage);
    }
}
