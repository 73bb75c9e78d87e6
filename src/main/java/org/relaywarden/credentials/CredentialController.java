package org.relaywarden.credentials;

import io.swagger.v3.oas.annotations.Operation;
import org.relaywarden.cases.CaseCredentials;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The case's password: the latest check, a check now (operators), and a new password set by Relaywarden
 * (operators; off unless {@code relaywarden.credentials.reset.operator}). The new password is in this one
 * answer ({@code Cache-Control: no-store}) and nowhere else: not in the audit, the logs or a letter.
 */
@RestController
@RequestMapping("/api/v1/cases/{caseId}/credential")
class CredentialController {

    private final CredentialService credentials;
    private final CaseRecords cases;

    CredentialController(CredentialService credentials, CaseRecords cases) {
        this.credentials = credentials;
        this.cases = cases;
    }

    @GetMapping
    @Operation(summary = "Whether the account's password was changed since the suspension (the latest check), and its resets")
    CaseCredentials.View get(@PathVariable("caseId") String caseId) {
        CaseReference ref = CaseReference.parse(caseId);
        cases.get(ref);
        return credentials.latest(ref).orElse(new CaseCredentials.View("NOT_CHECKED",
                "password changed since the suspension: not checked (no credential store is configured)", null, null, null,
                "none", false, false, List.of()));
    }

    @PostMapping("/check")
    @Operation(summary = "Check now whether the account's password was changed since the suspension (operators; audited)")
    CaseCredentials.View check(@PathVariable("caseId") String caseId) {
        CaseReference ref = CaseReference.parse(caseId);
        cases.get(ref);
        credentials.check(ref);
        return get(caseId);
    }

    @PostMapping("/reset")
    @Operation(summary = "Set a new random password for the case's account (operators; off by default); shown in this answer only",
            description = "200 with the new password, which is recorded nowhere: give it to the customer yourself, never by mail."
                    + " 409 when resets are off, the case is closed or has had too many; 502 when the credential store refused.")
    ResponseEntity<Map<String, Object>> reset(@PathVariable("caseId") String caseId, Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        cases.get(ref);
        char[] password = credentials.reset(ref, who.getName(), CredentialService.Channel.OPERATOR);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caseId", ref.toString());
        body.put("account", cases.get(ref).account().login());
        body.put("password", new String(password));
        body.put("note", "shown this once and recorded nowhere; tell it to the customer over a channel you trust, never by mail");
        Arrays.fill(password, '\0');
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
    }

    @ExceptionHandler(CredentialService.ResetRefusedException.class)
    ProblemDetail refused(CredentialService.ResetRefusedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("password reset refused");
        return p;
    }

    @ExceptionHandler(CredentialStoreException.class)
    ProblemDetail storeFailed(CredentialStoreException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        p.setTitle("credential store failed");
        return p;
    }
}
