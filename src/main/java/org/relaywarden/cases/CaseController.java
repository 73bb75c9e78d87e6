package org.relaywarden.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.relaywarden.account.Account;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** Cases: their state, stage and audit trail; an operator's close and change of durations. */
@RestController
@RequestMapping("/api/v1/cases")
class CaseController {

    private final CaseRecords cases;
    private final RemediationProcess process;
    private final CaseAnswers answers;
    private final CaseRisk risk;
    private final CaseCredentials credentials;
    private final CaseComplaints complaints;

    CaseController(CaseRecords cases, RemediationProcess process, CaseAnswers answers, CaseRisk risk,
                   CaseCredentials credentials, CaseComplaints complaints) {
        this.risk = risk;
        this.cases = cases;
        this.process = process;
        this.answers = answers;
        this.credentials = credentials;
        this.complaints = complaints;
    }

    record CaseView(String caseId, String account, String stage, String outcome, String source, String reason,
                    boolean originator, String evidenceRef, String contact, String language, int failedAttempts,
                    String finalRelayState, Instant createdAt, Instant updatedAt, Instant closedAt, int alerts,
                    Evidence evidence, CaseComplaints.Summary complaints, CaseAnswers.Latest answers,
                    CaseCredentials.View credential, List<AuditEntry> audit, int auditTotal, RiskView risk) {
    }

    /**
     * The policy core's verdicts that reached the case (oldest first, each with its named reasons) and, for a case
     * held for review, since when its mail is held, the review's durations and the desk's decision. Null: the risk
     * never reached the case.
     */
    record RiskView(List<CaseRisk.Verdict> verdicts, CaseRisk.HeldReview heldReview) {
    }

    /** The case view carries this many audit entries (the oldest); the rest is paged by {@code /audit}. */
    static final int AUDIT_IN_VIEW = 100;
    static final int MAX_AUDIT_PAGE = 500;

    record AuditPage(String caseId, int offset, int limit, int total, List<AuditEntry> entries) {
    }

    record CaseSummary(String caseId, String account, String stage, String outcome, Instant createdAt) {
    }

    /**
     * The newest cases; with {@code q}, the case of that id ({@code RW-12}) or the cases of that account (newest
     * first). An id that is no case finds nothing; anything that is neither an id nor an account is a 400.
     */
    @GetMapping
    @Operation(summary = "The newest cases, or those found by case id (q=RW-12) or account (q=kunde@example.test)")
    List<CaseSummary> recent(@RequestParam(name = "limit", defaultValue = "50") int limit,
                             @RequestParam(name = "q", required = false) String q) {
        int size = Math.max(1, Math.min(limit, 500));
        List<RemediationCase> found;
        if (q == null) {
            found = cases.recent(size);
        } else {
            String query = q.strip();
            if (query.regionMatches(true, 0, "RW-", 0, 3)) {
                CaseReference ref;
                try {
                    ref = CaseReference.parse("RW-" + query.substring(3));
                } catch (UnknownCaseException e) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q: not a case id (RW-<number>) nor an account");
                }
                found = cases.find(ref).stream().toList();
            } else {
                found = cases.ofAccount(Account.parse(query), size);
            }
        }
        return found.stream()
                .map(c -> new CaseSummary(c.reference().toString(), c.account().login(), c.stage().name(),
                        c.outcome() == null ? null : c.outcome().name(), c.createdAt()))
                .toList();
    }

    @GetMapping("/{caseId}")
    CaseView get(@PathVariable("caseId") String caseId) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        return new CaseView(ref.toString(), c.account().login(), c.stage().name(),
                c.outcome() == null ? null : c.outcome().name(), c.source(), c.reason(), c.originator(), c.evidenceRef(),
                c.contact(), c.language(), c.failedAttempts(), c.finalRelayState(), c.createdAt(), c.updatedAt(),
                c.closedAt(), cases.alertCount(ref), cases.evidence(ref).orElse(null), complaints.of(ref).orElse(null),
                answers.latest(ref).orElse(null), credentials.latest(ref).orElse(null), cases.auditPage(ref, 0, AUDIT_IN_VIEW),
                cases.auditCount(ref), riskView(ref));
    }

    private RiskView riskView(CaseReference ref) {
        List<CaseRisk.Verdict> verdicts = risk.verdicts(ref);
        CaseRisk.HeldReview held = risk.heldReview(ref).orElse(null);
        return verdicts.isEmpty() && held == null ? null : new RiskView(verdicts, held);
    }

    /** The audit trail page by page, oldest first ({@code limit} at most 500). */
    @GetMapping("/{caseId}/audit")
    AuditPage audit(@PathVariable("caseId") String caseId,
                    @RequestParam(name = "offset", defaultValue = "0") int offset,
                    @RequestParam(name = "limit", defaultValue = "100") int limit) {
        CaseReference ref = CaseReference.parse(caseId);
        cases.get(ref);
        int from = Math.max(0, offset);
        int size = Math.max(1, Math.min(limit, MAX_AUDIT_PAGE));
        return new AuditPage(ref.toString(), from, size, cases.auditCount(ref), cases.auditPage(ref, from, size));
    }

    /**
     * New durations for one case (ISO 8601); omitted ones stay. Bounds keep a typo from ending a watch
     * window at once or from holding a customer for a year.
     */
    record DurationsRequest(String watchWindow, String probationPeriod, String unresponsiveAfter, String reminderCycle) {
    }

    static final Duration MIN_WATCH = Duration.ofMinutes(1), MAX_WATCH = Duration.ofDays(2);
    static final Duration MIN_PROBATION = Duration.ofHours(1), MAX_PROBATION = Duration.ofDays(90);
    static final Duration MIN_UNRESPONSIVE = Duration.ofHours(1), MAX_UNRESPONSIVE = Duration.ofDays(90);
    static final Duration MIN_REMINDER = Duration.ofHours(1), MAX_REMINDER = Duration.ofDays(30);
    private static final java.util.regex.Pattern CYCLE = java.util.regex.Pattern.compile("R([0-9]{1,2})/(P.+)");

    /** An operator changes the watch window, probation, unresponsive timer or reminder cycle of one case. */
    @PutMapping("/{caseId}/durations")
    @Operation(summary = "Change one case's durations (operators; audited; waiting timers move)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "longer watch window", value = """
                    {"watchWindow": "PT30M", "probationPeriod": "P14D"}"""))))
    CaseDurations changeDurations(@PathVariable("caseId") String caseId, @RequestBody DurationsRequest request,
                                  Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        if (!c.isOpen()) {
            throw new CaseNotWaitingException("case " + ref + " is already closed");
        }
        CaseDurations changes = new CaseDurations(null,
                request.reminderCycle() == null ? null : cycle("reminderCycle", request.reminderCycle()),
                duration("unresponsiveAfter", request.unresponsiveAfter(), MIN_UNRESPONSIVE, MAX_UNRESPONSIVE),
                duration("watchWindow", request.watchWindow(), MIN_WATCH, MAX_WATCH),
                duration("probationPeriod", request.probationPeriod(), MIN_PROBATION, MAX_PROBATION));
        if (changes.equals(new CaseDurations(null, null, null, null, null))) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no duration given");
        }
        return process.changeDurations(ref, changes, who.getName());
    }

    static String duration(String field, String value, Duration min, Duration max) {
        if (value == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": not an ISO 8601 duration (e.g. PT15M, P7D)");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": must be between " + min + " and " + max);
        }
        return d.toString();
    }

    static String cycle(String field, String value) {
        Matcher m = CYCLE.matcher(value);
        if (!m.matches()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": not an ISO 8601 cycle (e.g. R2/P3D)");
        }
        return "R" + Integer.parseInt(m.group(1)) + "/" + duration(field, m.group(2), MIN_REMINDER, MAX_REMINDER);
    }

    record CloseRequest(@NotNull @Pattern(regexp = "SUSPENDED|ACTIVE", message = "must be SUSPENDED or ACTIVE") String finalRelayState,
                        @Size(max = 1000) String reason) {
    }

    /** An operator closes the case at any stage, choosing the account's final relay state. */
    @PostMapping("/{caseId}/close")
    @Operation(summary = "Close a case at any stage, choosing the account's final relay state",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "keep suspended", value = """
                    {"finalRelayState": "SUSPENDED", "reason": "customer moved to hosted mailboxes"}"""))))
    ResponseEntity<Map<String, String>> close(@PathVariable("caseId") String caseId, @Valid @RequestBody CloseRequest request,
                                              Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        if (!c.isOpen()) {
            throw new CaseNotWaitingException("case " + ref + " is already closed");
        }
        process.closeByOperator(ref, request.finalRelayState(), who.getName(), request.reason());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("caseId", ref.toString(), "status", "closing"));
    }

    record RetryRequest(@Size(max = 1000) String reason) {
    }

    /**
     * An operator retries the case's failed steps (jobs out of retries, shown as incidents in Cockpit). The process
     * instance is the case's own (its business key is the case id), never one named in the request.
     */
    @PostMapping("/{caseId}/retry")
    @Operation(summary = "Retry the case's failed steps (operators; audited)",
            description = "200 with the activities retried; 404 for an unknown case; 409 if the case has no failed step.")
    Map<String, Object> retry(@PathVariable("caseId") String caseId, @Valid @RequestBody(required = false) RetryRequest request,
                              Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        cases.get(ref);
        List<String> retried = process.retryFailedSteps(ref, who.getName(), request == null ? null : request.reason());
        return Map.of("caseId", ref.toString(), "retried", retried);
    }

    record ReleaseHeldRequest(@Size(max = 1000) String note) {
    }

    /**
     * An operator releases the mail the policy core's risk held as the customer's own: one action. The account, since
     * when its mail is held and what is released come from the case record and the relays' hold queues; the request
     * carries only the operator's note. The process releases every held message, relays again, tells the core (its
     * profile learns the mail) and closes the case as a false positive with a quiet period.
     */
    @PostMapping("/{caseId}/release-held")
    @Operation(summary = "Release the mail held for review as legitimate (operators; audited; the case closes as a false positive)",
            description = "202 releasing; 404 for an unknown case; 409 if the case is not held for review (or already decided).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(examples = @ExampleObject(
                    name = "newsletter", value = """
                    {"note": "the shop's monthly newsletter, confirmed by phone"}"""))))
    ResponseEntity<Map<String, String>> releaseHeld(@PathVariable("caseId") String caseId,
                                                    @Valid @RequestBody(required = false) ReleaseHeldRequest request,
                                                    Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        RemediationCase c = cases.get(ref);
        if (!c.isOpen()) {
            throw new CaseNotWaitingException("case " + ref + " is already closed");
        }
        process.releaseHeld(ref, who.getName(), request == null ? null : request.note());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("caseId", ref.toString(), "status", "releasing"));
    }

    record ConfirmSuspensionRequest(@NotNull @Pattern(regexp = "suspend|close", message = "must be suspend or close") String decision,
                                    @Size(max = 1000) String reason) {
    }

    /** An operator decides on a case the blast-radius guard held: suspend relaying, or close the case without. */
    @PostMapping("/{caseId}/confirm-suspension")
    @Operation(summary = "Suspend, or close without suspending, a case the blast-radius guard holds for confirmation",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "suspend", value = """
                    {"decision": "suspend", "reason": "the alert's figures are real"}"""))))
    ResponseEntity<Map<String, String>> confirmSuspension(@PathVariable("caseId") String caseId,
                                                          @Valid @RequestBody ConfirmSuspensionRequest request,
                                                          Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        cases.get(ref);
        boolean suspend = "suspend".equals(request.decision());
        process.confirmSuspension(ref, suspend, who.getName(), request.reason());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("caseId", ref.toString(),
                "status", suspend ? "suspending" : "closing"));
    }
}
