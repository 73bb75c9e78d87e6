package org.relaywarden.security;

import org.camunda.bpm.engine.IdentityService;

/**
 * Machine accounts: the members of {@code relaywarden-monitoring} (Prometheus, Alertmanager, Grafana) and
 * API-token principals ({@code token:<name>}). They send alerts and read metrics; they never work, review
 * or decide a case, so they can never be assignee, owner (delegator), delegate or candidate of a user task.
 */
public final class MachineAccounts {

    private MachineAccounts() {
    }

    /** The user is a machine account: an API token's principal, or a member of relaywarden-monitoring. */
    public static boolean isMachineUser(IdentityService identity, String userId) {
        if (userId == null) {
            return false;
        }
        return userId.startsWith(ApiTokenFilter.PRINCIPAL_PREFIX)
                || identity.createUserQuery().userId(userId).memberOfGroup(Roles.MONITORING).count() > 0;
    }

    /** The group is the machine accounts' group. */
    public static boolean isMachineGroup(String groupId) {
        return Roles.MONITORING.equals(groupId);
    }
}
