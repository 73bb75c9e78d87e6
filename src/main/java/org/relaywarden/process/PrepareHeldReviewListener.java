package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.evidence.EvidenceService;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Task_ReviewHeldMail, on create: the policy core's reasons (from the case record), the held mail's counts and a
 * sample of its envelopes (from the relays' hold queues) into task-local variables, which the form
 * {@code reviewHeldMail} shows read-only.
 */
@Component("prepareHeldReview")
class PrepareHeldReviewListener implements TaskListener {

    private final CaseRecords cases;
    private final CaseRisk risk;
    private final EvidenceService evidence;

    PrepareHeldReviewListener(CaseRecords cases, CaseRisk risk, EvidenceService evidence) {
        this.cases = cases;
        this.risk = risk;
        this.evidence = evidence;
    }

    @Override
    public void notify(DelegateTask task) {
        CaseReference ref = CaseReference.parse(task.getExecution().getProcessBusinessKey());
        Account account = cases.get(ref).account();
        EvidenceService.HeldMail held = evidence.heldMail(account);
        Map<String, Object> v = new HashMap<>();
        v.put("caseRef", ref.toString());
        v.put("accountLogin", account.login());
        v.put("riskReasons", String.join("\n", risk.reasons(ref)));
        v.put("heldSince", risk.heldReview(ref).map(r -> r.heldSince().toString()).orElse(""));
        v.put("heldSummary", held.messages() + " messages to " + held.recipients() + " recipients held on the relays");
        v.put("heldSample", String.join("\n", held.sample()));
        task.setVariablesLocal(v);
    }
}
