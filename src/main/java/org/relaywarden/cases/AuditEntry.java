package org.relaywarden.cases;

import java.time.Instant;

/** One line of a case's append-only audit trail. */
public record AuditEntry(Instant at, String actor, String action, String detail) {
}
