package org.relaywarden.enforcement.policy;

/**
 * Inbound port of the policy core: what every mail server asks about one step of a mail transaction (a
 * request of Postfix's policy delegation protocol: Postfix's {@code check_policy_service}, Exim's ACL and
 * qmail's queue front send it over the policy service's socket, the simulated sandbox relay in process) and
 * the action to answer ({@code DUNNO}, {@code HOLD text}, {@code 451 4.7.1 text}).
 */
public interface PolicyService {

    /** The answer that lets the mail go on (the next restriction decides). */
    String DUNNO = "DUNNO";

    String decide(PolicyRequest request);
}
