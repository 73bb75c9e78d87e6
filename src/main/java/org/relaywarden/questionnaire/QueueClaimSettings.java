package org.relaywarden.questionnaire;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the customer's "queue emptied" is checked against the refused attempts the relays see
 * ({@code relaywarden.questionnaire.claim.*}).
 *
 * @param grace     attempts within this time after the claim do not count (retries already in flight)
 * @param quietTime no attempt for this long: the review form says "no retries since ..." (longer than
 *                  Postfix's default maximal backoff of 4000 s, so a server that still holds mail would have retried)
 * @param latest    how many of the last attempts the review form lists
 */
@ConfigurationProperties("relaywarden.questionnaire.claim")
public record QueueClaimSettings(@DefaultValue("PT10M") Duration grace,
                                 @DefaultValue("PT70M") Duration quietTime,
                                 @DefaultValue("10") int latest) {
}
