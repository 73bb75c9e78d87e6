package org.relaywarden.quarantine;

import java.time.Instant;
import java.util.List;

/** One message in quarantine, as the index knows it. */
public record QuarantinedMessage(long id, long caseId, String relay, String queueId, String account, String sender,
                                 List<String> recipients, long size, String sha256, Instant arrival, Instant storedAt,
                                 String state) {
}
