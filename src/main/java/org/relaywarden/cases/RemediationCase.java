package org.relaywarden.cases;

import org.relaywarden.account.Account;

import java.time.Instant;

/** A case record: one account's way from detection to an outcome. */
public record RemediationCase(CaseReference reference, Account account, CaseStage stage, CaseOutcome outcome,
                              String source, String reason, boolean originator, String evidenceRef, String contact,
                              String language, int failedAttempts, String finalRelayState, Instant createdAt,
                              Instant updatedAt, Instant stageEnteredAt, Instant closedAt) {

    public boolean isOpen() {
        return stage != CaseStage.CLOSED;
    }
}
