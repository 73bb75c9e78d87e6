package org.relaywarden.scenario;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * An administrator as Camunda's admin-user setup ({@code camunda.bpm.admin-user}) makes one: a member of
 * camunda-admin with ALL on every resource. The demo's operator is in camunda-admin but has only
 * Relaywarden's grants; a stolen administrator password gives this.
 */
final class Administrator {

    static final String ID = "deployer";
    static final String PASSWORD = "deployer-pw-1234";

    private Administrator() {
    }

    static synchronized void ensure(IdentityService identity, AuthorizationService authorizations) {
        if (identity.createUserQuery().userId(ID).count() > 0) {
            return;
        }
        var user = identity.newUser(ID);
        user.setPassword(PASSWORD);
        identity.saveUser(user);
        identity.createMembership(ID, Groups.CAMUNDA_ADMIN);
        for (var resource : Resources.values()) {
            var grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            grant.setUserId(ID);
            grant.setResource(resource);
            grant.setResourceId("*");
            grant.addPermission(Permissions.ALL);
            authorizations.saveAuthorization(grant);
        }
    }
}
