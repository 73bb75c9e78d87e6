package org.relaywarden.enforcement;

import java.util.Locale;

/** The queues of a relay that matter for remediation (Postfix's names). */
public enum QueueName {
    INCOMING, ACTIVE, DEFERRED, HOLD;

    public String postfixName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
