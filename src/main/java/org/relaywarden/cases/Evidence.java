package org.relaywarden.cases;

import java.time.Instant;
import java.util.List;

/**
 * What the case knows about the abuse. From the quarantine: {@code messageCount} messages to
 * {@code recipientCount} recipients, the recipients' top domains. From the policy service's counts
 * over the day before the evidence was gathered: messages submitted ({@code submissionsLast24h}), their
 * recipients, the distinct client addresses, the attempts refused because the account was suspended
 * ({@code null} where the relay adapter does not count them), the submissions accepted before the
 * suspension (what got out, or sits in a queue, before the stop), and the account's messages and
 * recipients in the detection window before it (what a false positive's raised limit starts from).
 * Sample log lines, then the policy core's named reasons (its latest verdict on the case; empty where the risk did
 * not reach the case).
 */
public record Evidence(int messageCount, int recipientCount, long submissionsLast24h, long recipientsLast24h,
                       long distinctClientsLast24h, Long refusedLast24h, long acceptedBeforeStop, long windowMessages,
                       long windowRecipients, List<String> topDomains, List<String> sampleLog, Instant gatheredAt,
                       List<String> riskReasons) {
    public Evidence {
        topDomains = List.copyOf(topDomains);
        sampleLog = List.copyOf(sampleLog);
        riskReasons = riskReasons == null ? List.of() : List.copyOf(riskReasons);
    }
}
