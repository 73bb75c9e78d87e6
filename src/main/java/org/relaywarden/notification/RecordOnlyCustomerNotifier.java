package org.relaywarden.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Used when no SMTP server is configured ({@code spring.mail.host} unset): the letter is recorded
 * with the case and logged, and nothing is sent. The audit trail says so ({@code LETTER_RECORDED}).
 */
class RecordOnlyCustomerNotifier implements CustomerNotifier {

    private static final Logger log = LoggerFactory.getLogger(RecordOnlyCustomerNotifier.class);

    @Override
    public void deliver(Letter letter) {
        log.info("letter {} to {} recorded, not sent (no spring.mail.host): {}", letter.idempotencyKey(),
                letter.recipientList(), letter.subject());
    }

    @Override
    public boolean sends() {
        return false;
    }

    @Override
    public String channel() {
        return "recorded only (no spring.mail.host)";
    }
}
