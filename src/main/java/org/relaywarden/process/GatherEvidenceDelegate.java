package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.evidence.EvidenceService;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.EARLIER_INCIDENTS;
import static org.relaywarden.process.RemediationVariables.VOLUME;

/** Task_GatherEvidence: record the evidence with the case; keep the policy table's inputs. */
@Component("gatherEvidence")
class GatherEvidenceDelegate extends RemediationDelegate {

    private final EvidenceService evidence;

    GatherEvidenceDelegate(CaseRecords cases, EvidenceService evidence) {
        super(cases);
        this.evidence = evidence;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        EvidenceService.PolicyFacts facts = evidence.gather(ref, account);
        VOLUME.set(execution, facts.volume());
        EARLIER_INCIDENTS.set(execution, facts.earlierIncidents());
    }
}
