package org.relaywarden.enforcement.policy;

/** The peer broke the protocol (oversized, malformed, endless request): its connection is closed. */
public class PolicyProtocolException extends Exception {
    public PolicyProtocolException(String message) {
        super(message);
    }
}
