package org.relaywarden.enforcement.policy;

import java.util.Map;

/**
 * One request of Postfix's SMTP access policy delegation protocol: the attributes it sent,
 * {@code name=value} per line, up to the empty line.
 */
public record PolicyRequest(Map<String, String> attributes) {

    public PolicyRequest {
        attributes = Map.copyOf(attributes);
    }

    public String get(String name) {
        return attributes.getOrDefault(name, "");
    }

    public String request() {
        return get("request");
    }

    /** {@code RCPT}, {@code END-OF-MESSAGE}, {@code DATA}, ... */
    public String protocolState() {
        return get("protocol_state");
    }

    public String saslUsername() {
        return get("sasl_username");
    }

    public String queueId() {
        return get("queue_id");
    }

    public String clientAddress() {
        return get("client_address");
    }

    public String instance() {
        return get("instance");
    }

    public String recipient() {
        return get("recipient");
    }

    public String sender() {
        return get("sender");
    }

    /** Recipients of the transaction so far; at END-OF-MESSAGE all of them. */
    public int recipientCount() {
        try {
            return Math.max(0, Integer.parseInt(get("recipient_count")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
