package org.relaywarden.quarantine;

import org.relaywarden.cases.CaseReference;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/** A case's quarantined mail: the index, and each message as an .eml download. */
@RestController
class QuarantineController {

    private final QuarantineService quarantine;

    QuarantineController(QuarantineService quarantine) {
        this.quarantine = quarantine;
    }

    @GetMapping("/api/v1/cases/{caseId}/quarantine")
    List<QuarantinedMessage> list(@PathVariable("caseId") String caseId) {
        return quarantine.ofCase(CaseReference.parse(caseId));
    }

    /** Hands one quarantined message back to its relay for delivery. */
    @PostMapping("/api/v1/cases/{caseId}/quarantine/{id}/release")
    ResponseEntity<Void> release(@PathVariable("caseId") String caseId, @PathVariable("id") long id,
                                 Principal operator) {
        quarantine.release(CaseReference.parse(caseId), id, operator == null ? "operator" : operator.getName());
        return ResponseEntity.noContent().build();
    }

    record PurgeRequest(@jakarta.validation.constraints.Size(max = 1000) String reason) {
    }

    /** Deletes one quarantined message for good (operators; audited with the reason given). */
    @PostMapping("/api/v1/cases/{caseId}/quarantine/{id}/purge")
    @io.swagger.v3.oas.annotations.Operation(summary = "Purge one quarantined message before its retention period is over (operators; audited)",
            description = "204; 404 for an unknown case or message; 409 if it is being released or purged already.")
    ResponseEntity<Void> purge(@PathVariable("caseId") String caseId, @PathVariable("id") long id,
                               @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody(required = false) PurgeRequest request,
                               Principal operator) {
        quarantine.purgeOne(CaseReference.parse(caseId), id, operator.getName(), request == null ? null : request.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/cases/{caseId}/quarantine/{id}")
    ResponseEntity<byte[]> download(@PathVariable("caseId") String caseId, @PathVariable("id") long id) {
        CaseReference ref = CaseReference.parse(caseId);
        byte[] content = quarantine.content(ref, id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("message/rfc822"))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(ref + "-" + id + ".eml").build().toString())
                .body(content);
    }

    /** A message that is not in quarantine any more (released, being released, purged) cannot be released or purged. */
    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> notReleasable(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                        e.getMessage()));
    }
}
