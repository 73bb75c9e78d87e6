package org.relaywarden.web.cockpit;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which of a case's actions the caller may take, so that the Cockpit case tab offers only those (an agent sees
 * no release or purge). Asked of the very rules that guard the actions (Spring Security's privilege evaluator
 * over the filter chain's authorization rules), never a second copy of them; the actions themselves are
 * checked again when they are called.
 */
@RestController
class CaseActionsController {

    /** The actions the case tab offers: name → method and path under the case ({@code 0}: any message id). */
    static final Map<String, String[]> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put("close", new String[]{"POST", "/close"});
        ACTIONS.put("addContact", new String[]{"POST", "/contacts"});
        ACTIONS.put("changeDurations", new String[]{"PUT", "/durations"});
        ACTIONS.put("retry", new String[]{"POST", "/retry"});
        ACTIONS.put("releaseQuarantined", new String[]{"POST", "/quarantine/0/release"});
        ACTIONS.put("purgeQuarantined", new String[]{"POST", "/quarantine/0/purge"});
    }

    private final CaseRecords cases;
    private final WebInvocationPrivilegeEvaluator privileges;

    CaseActionsController(CaseRecords cases, WebInvocationPrivilegeEvaluator privileges) {
        this.cases = cases;
        this.privileges = privileges;
    }

    record ActionsView(String caseId, String user, boolean open, Map<String, Boolean> allowed) {
    }

    @GetMapping("/api/v1/cases/{caseId}/actions")
    @Operation(summary = "Which of the case's actions the caller's role allows (for the Cockpit case tab)")
    ActionsView actions(@PathVariable("caseId") String caseId, Authentication who, HttpServletRequest request) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        Map<String, Boolean> allowed = new LinkedHashMap<>();
        ACTIONS.forEach((name, action) -> allowed.put(name, privileges.isAllowed(request.getContextPath(),
                "/api/v1/cases/" + ref + action[1], action[0], who)));
        return new ActionsView(ref.toString(), who.getName(), c.isOpen(), allowed);
    }
}
