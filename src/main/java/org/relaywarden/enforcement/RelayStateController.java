package org.relaywarden.enforcement;

import io.swagger.v3.oas.annotations.Operation;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The state of a case's account on each configured relay, as the enforcement layer tells it to them now. */
@RestController
class RelayStateController {

    private final CaseRecords cases;
    private final RelayControl relays;

    RelayStateController(CaseRecords cases, RelayControl relays) {
        this.cases = cases;
        this.relays = relays;
    }

    record RelayStateView(String caseId, String account, List<RelayReading> relays) {
    }

    /** The account is the case record's; nothing in the request names it. */
    @GetMapping("/api/v1/cases/{caseId}/relay-state")
    @Operation(summary = "The case's account on each configured relay now (the state it is told, and how durable)")
    RelayStateView relayState(@PathVariable("caseId") String caseId) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        return new RelayStateView(ref.toString(), c.account().login(), relays.onEachRelay(c.account()));
    }
}
