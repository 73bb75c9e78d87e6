package org.relaywarden.cases;

import java.time.Instant;
import java.util.List;

/** What the case knows about the abuse: counts, the recipients' top domains and sample log lines. */
public record Evidence(int messageCount, int recipientCount, long submissionsLast24h, List<String> topDomains,
                       List<String> sampleLog, Instant gatheredAt) {
    public Evidence {
        topDomains = List.copyOf(topDomains);
        sampleLog = List.copyOf(sampleLog);
    }
}
