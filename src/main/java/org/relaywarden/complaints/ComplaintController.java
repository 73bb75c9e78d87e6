package org.relaywarden.complaints;

import io.swagger.v3.oas.annotations.Operation;
import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.web.BadRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Feedback-loop reports handed in over REST, and the record of all reports (also those from the mailbox). */
@RestController
@RequestMapping("/api/v1/complaints")
class ComplaintController {

    static final String MULTIPART_REPORT = "multipart/report";
    static final String RFC822 = "message/rfc822";

    private final ComplaintService complaints;

    ComplaintController(ComplaintService complaints) {
        this.complaints = complaints;
    }

    record ComplaintResponse(long complaintId, String status, String detail, String account, String caseId, boolean duplicate,
                             String url) {
        static ComplaintResponse of(ComplaintService.Outcome o) {
            Complaint c = o.complaint();
            return new ComplaintResponse(c.id(), c.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.detail(),
                    c.account(), o.caseRef() == null ? null : o.caseRef().toString(), o.duplicate(), "/api/v1/complaints/" + c.id());
        }
    }

    /**
     * 201 with the recorded complaint (status attributed, not-ours or unattributed; the account's case where the
     * complaint opened or joined one), 200 for a report handed in before, 400 saying why a report cannot be read.
     */
    @PostMapping(consumes = {RFC822, MULTIPART_REPORT, MediaType.APPLICATION_JSON_VALUE, "application/xarf+json",
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(summary = "Hand in a feedback-loop report",
            description = "An ARF report (RFC 5965) as the whole mail (Content-Type: message/rfc822, or the mail's own "
                    + "multipart/report; report-type=feedback-report with its boundary), or an XARF report (JSON, v4 with "
                    + "category messaging and the message as message/rfc822 evidence, or X-ARF v3). 201 with what became of "
                    + "it, 200 if it was handed in before, 400 saying what is wrong (the report is still recorded, as refused).")
    ResponseEntity<ComplaintResponse> receive(@RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequestException("not a feedback report", "the request has no body: send the ARF mail or the XARF JSON");
        }
        ComplaintService.Outcome o;
        try {
            o = complaints.receive(body, "rest");
        } catch (MalformedReportException e) {
            throw new BadRequestException("not a feedback report", e.getMessage());
        }
        ComplaintResponse r = ComplaintResponse.of(o);
        return o.duplicate() ? ResponseEntity.ok(r) : ResponseEntity.status(HttpStatus.CREATED).location(URI.create(r.url())).body(r);
    }

    @GetMapping
    @Operation(summary = "Recorded feedback-loop reports, newest first (filter by account and status)")
    List<Complaint> list(@RequestParam(required = false) String account, @RequestParam(required = false) String status,
                         @RequestParam(defaultValue = "100") int limit) {
        Account a = null;
        if (account != null) {
            try {
                a = Account.parse(account);
            } catch (InvalidAccountException e) {
                throw new BadRequestException("invalid request", "account: " + e.getMessage());
            }
        }
        Complaint.Status s = null;
        if (status != null) {
            try {
                s = Complaint.Status.valueOf(status.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("invalid request", "status: must be attributed, not-ours, unattributed or refused");
            }
        }
        return complaints.recent(a, s, limit);
    }

    @GetMapping("/{id}")
    Complaint one(@PathVariable long id) {
        return complaints.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no complaint " + id));
    }

    /** The report as it came in (operators only: it holds a third party's mail). */
    @GetMapping(value = "/{id}/raw", produces = {RFC822, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<byte[]> raw(@PathVariable long id) {
        byte[] raw = complaints.raw(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no complaint " + id));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(raw);
    }
}
