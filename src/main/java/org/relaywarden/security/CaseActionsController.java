package org.relaywarden.security;

import io.swagger.v3.oas.annotations.Operation;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which of a case's actions the caller may take, so that the Cockpit case tab offers only those (an agent sees
 * no release or purge). Answered from {@link CaseActions}, the table the endpoints' authorization rules are made
 * of; the actions themselves are checked again when they are called.
 */
@RestController
class CaseActionsController {

    private final CaseRecords cases;

    CaseActionsController(CaseRecords cases) {
        this.cases = cases;
    }

    record ActionsView(String caseId, String user, boolean open, Map<String, Boolean> allowed) {
    }

    @GetMapping("/api/v1/cases/{caseId}/actions")
    @Operation(summary = "Which of the case's actions the caller's role allows (for the Cockpit case tab)")
    ActionsView actions(@PathVariable("caseId") String caseId, Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        Map<String, Boolean> allowed = new LinkedHashMap<>();
        CaseActions.ALL.forEach(a -> allowed.put(a.name(), a.allows(who)));
        return new ActionsView(ref.toString(), who.getName(), c.isOpen(), allowed);
    }
}
