package org.relaywarden.security;

/** The Camunda groups Relaywarden knows; a user's groups become its Spring Security authorities. */
public final class Roles {
    public static final String OPERATORS = "relaywarden-operators";
    public static final String AGENTS = "relaywarden-agents";
    public static final String LEADS = "relaywarden-leads";
    public static final String MONITORING = "relaywarden-monitoring";

    private Roles() {
    }
}
