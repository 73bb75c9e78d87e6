package org.relaywarden.enforcement;

/** The queues of a relay that matter for remediation (Postfix's names). */
public enum QueueName {
    INCOMING, ACTIVE, DEFERRED, HOLD;

    public String postfixName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
