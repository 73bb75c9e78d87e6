package org.relaywarden.cases;

import org.relaywarden.account.Account;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The case record and its audit trail. Every change of a case leaves an audit line; the process
 * calls this service from its delegates, in the same transaction as the engine's own step.
 */
@Service
@Transactional
public class CaseRecords {

    public static final String SYSTEM = "relaywarden";
    static final Duration INCIDENT_MEMORY = Duration.ofDays(365);

    private final CaseRepository cases;
    private final Clock clock;

    CaseRecords(CaseRepository cases, Clock clock) {
        this.cases = cases;
        this.clock = clock;
    }

    /**
     * Opens a case for an account that has none open. Throws
     * {@link org.springframework.dao.DuplicateKeyException} if one is open already: the unique
     * constraint on the open account decides, also between concurrent alerts.
     */
    public CaseReference open(NewCase c, String actor) {
        return open(c, actor, null);
    }

    /**
     * As {@link #open(NewCase, String)}; with a {@code hold} (the blast-radius guard's why, null: none) the case
     * waits for an operator's confirmation before relaying is suspended ({@link #needsConfirmation}).
     */
    public CaseReference open(NewCase c, String actor, String hold) {
        Instant now = clock.instant();
        long id = cases.insert(c, hold != null, now);
        cases.insertAlert(id, c.source(), c.reason(), c.originator(), c.evidenceRef(), false, now);
        cases.audit(id, now, actor, "CASE_OPENED", "source=" + c.source() + ", reason=" + c.reason()
                + (c.originator() ? ", originator" : ""));
        if (hold != null) {
            cases.audit(id, now, SYSTEM, "HELD_FOR_CONFIRMATION", hold);
        }
        return new CaseReference(id);
    }

    /**
     * The blast-radius guard's lock, held until the calling transaction ends: whoever counts and opens under it sees
     * every case opened before (on any node). Needs a transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockBlastRadius() {
        cases.lockBlastRadius();
    }

    /** Cases opened since the moment that were not held for confirmation: of one source, or of all (source null). */
    @Transactional(readOnly = true)
    public int openedNotHeldSince(Instant since, String source) {
        return cases.countOpenedNotHeldSince(since, source);
    }

    /** Whether the case was held for an operator's confirmation when it opened (the blast-radius guard). */
    @Transactional(readOnly = true)
    public boolean needsConfirmation(CaseReference ref) {
        return cases.needsConfirmation(ref.id());
    }

    /** Held cases still waiting for the operator (not suspended, not closed). */
    @Transactional(readOnly = true)
    public long countWaitingForConfirmation() {
        return cases.countOpenNeedingConfirmation();
    }

    /** Records an alert for an account whose case is already open; an originator flag is carried over to the case. */
    public void foldAlert(CaseReference ref, String source, String reason, boolean originator, String evidenceRef,
                          String actor) {
        Instant now = clock.instant();
        cases.insertAlert(ref.id(), source, reason, originator, evidenceRef, true, now);
        if (originator && !get(ref).originator()) {
            cases.setOriginator(ref.id(), true, now);
        }
        cases.audit(ref.id(), now, actor, "ALERT_FOLDED", "source=" + source + ", reason=" + reason
                + (originator ? ", originator" : ""));
    }

    @Transactional(readOnly = true)
    public Optional<RemediationCase> findOpen(Account account) {
        return cases.findOpen(account);
    }

    @Transactional(readOnly = true)
    public RemediationCase get(CaseReference ref) {
        return cases.find(ref.id()).orElseThrow(() -> new UnknownCaseException("no case " + ref));
    }

    @Transactional(readOnly = true)
    public Optional<RemediationCase> find(CaseReference ref) {
        return cases.find(ref.id());
    }

    /** The account's cases, newest first. */
    @Transactional(readOnly = true)
    public List<RemediationCase> ofAccount(Account account, int limit) {
        return cases.findOfAccount(account, limit);
    }

    @Transactional(readOnly = true)
    public List<RemediationCase> recent(int limit) {
        return cases.findAll(limit);
    }

    @Transactional(readOnly = true)
    public List<RemediationCase> inStages(List<CaseStage> stages) {
        return cases.findOpenInStages(stages);
    }

    public void enterStage(CaseReference ref, CaseStage stage) {
        Instant now = clock.instant();
        cases.updateStage(ref.id(), stage, now);
        cases.audit(ref.id(), now, SYSTEM, "STAGE", stage.name());
    }

    public void audit(CaseReference ref, String actor, String action, String detail) {
        cases.audit(ref.id(), clock.instant(), actor, action, detail);
    }

    /** Keeps the process's durations with the case, when it opens (copied from configuration). */
    public void keepDurations(CaseReference ref, CaseDurations durations) {
        Instant now = clock.instant();
        cases.setDurations(ref.id(), durations, now);
        cases.audit(ref.id(), now, SYSTEM, "DURATIONS", durations.toString());
    }

    /** The case's durations; empty for a case opened before they were kept with the case. */
    @Transactional(readOnly = true)
    public Optional<CaseDurations> durations(CaseReference ref) {
        return cases.durations(ref.id());
    }

    /**
     * An operator changes some of the case's durations (the non-null values of {@code changes});
     * audited with who, the old and the new values. Returns the durations now in force.
     */
    public CaseDurations changeDurations(CaseReference ref, CaseDurations changes, CaseDurations fallback, String actor) {
        get(ref);
        Instant now = clock.instant();
        CaseDurations old = cases.durations(ref.id()).orElse(fallback);
        CaseDurations changed = old.with(changes);
        cases.setDurations(ref.id(), changed, now);
        cases.audit(ref.id(), now, actor, "DURATIONS_CHANGED", "old: " + old + "; new: " + changed);
        return changed;
    }

    /** Cases of the same account opened in the 365 days before this one. */
    @Transactional(readOnly = true)
    public int earlierIncidents(CaseReference ref) {
        RemediationCase c = get(ref);
        return cases.countSince(c.account(), c.createdAt().minus(INCIDENT_MEMORY), ref.id());
    }

    /** How many cases of the account, other than {@code except}, were opened since the moment. */
    @Transactional(readOnly = true)
    public int openedSince(Account account, Instant since, CaseReference except) {
        return cases.countSince(account, since, except.id());
    }

    public int recordFailedAttempt(CaseReference ref, String detail) {
        int n = cases.incrementFailedAttempts(ref.id(), clock.instant());
        audit(ref, SYSTEM, "REENABLE_FAILED", "attempt " + n + ": " + detail);
        return n;
    }

    public void close(CaseReference ref, CaseOutcome outcome, String finalRelayState, String actor, String why) {
        cases.close(ref.id(), outcome, finalRelayState, clock.instant());
        audit(ref, actor, "CASE_CLOSED", outcome + ", account " + finalRelayState + (why == null ? "" : ": " + why));
    }

    public void recordEvidence(CaseReference ref, Evidence evidence) {
        cases.insertEvidence(ref.id(), evidence);
        audit(ref, SYSTEM, "EVIDENCE", evidence.submissionsLast24h() + " messages to " + evidence.recipientsLast24h()
                + " recipients from " + evidence.distinctClientsLast24h() + " client addresses in 24 h, "
                + (evidence.refusedLast24h() == null ? "" : evidence.refusedLast24h() + " refused, ")
                + evidence.acceptedBeforeStop() + " accepted before the suspension, " + evidence.messageCount()
                + " quarantined (to " + evidence.recipientCount() + " recipients), top domains " + evidence.topDomains()
                + (evidence.riskReasons().isEmpty() ? "" : "; risk: " + String.join("; ", evidence.riskReasons())));
    }

    @Transactional(readOnly = true)
    public Optional<Evidence> evidence(CaseReference ref) {
        return cases.latestEvidence(ref.id());
    }

    @Transactional(readOnly = true)
    public List<AuditEntry> auditTrail(CaseReference ref) {
        return cases.auditTrail(ref.id());
    }

    /** One page of the audit trail, oldest first. */
    @Transactional(readOnly = true)
    public List<AuditEntry> auditPage(CaseReference ref, int offset, int limit) {
        return cases.auditPage(ref.id(), offset, limit);
    }

    @Transactional(readOnly = true)
    public int auditCount(CaseReference ref) {
        return cases.auditCount(ref.id());
    }

    @Transactional(readOnly = true)
    public long countInStage(CaseStage stage) {
        return cases.countInStage(stage);
    }

    @Transactional(readOnly = true)
    public int alertCount(CaseReference ref) {
        return cases.countAlerts(ref.id());
    }
}
