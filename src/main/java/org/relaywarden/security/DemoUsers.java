package org.relaywarden.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import jakarta.annotation.PostConstruct;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The demo profile's users (password = user name): {@code operator}, {@code agent}, {@code lead},
 * {@code monitoring}. Only in the {@code demo} profile, which is the default profile.
 */
@Component
@Profile("demo")
class DemoUsers {

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;

    DemoUsers(IdentityService identity, AuthorizationService authorizations) {
        this.identity = identity;
        this.authorizations = authorizations;
    }

    record Demo(String id, String first, String last, List<String> groups) {
    }

    static final List<Demo> USERS = List.of(
            new Demo("operator", "Olga", "Operator", List.of(Roles.OPERATORS, "camunda-admin")),
            new Demo("agent", "Anton", "Agent", List.of(Roles.AGENTS)),
            new Demo("lead", "Lena", "Lead", List.of(Roles.LEADS, Roles.AGENTS)),
            new Demo("monitoring", "Monitoring", "System", List.of(Roles.MONITORING)));

    /** Runs once the engine (and so its identity tables) exists, before the web server takes requests. */
    @PostConstruct
    void createDemoUsers() {
        for (String groupId : List.of(Roles.OPERATORS, Roles.AGENTS, Roles.LEADS, Roles.MONITORING, "camunda-admin")) {
            if (identity.createGroupQuery().groupId(groupId).count() == 0) {
                Group g = identity.newGroup(groupId);
                g.setName(groupId);
                g.setType("WORKFLOW");
                identity.saveGroup(g);
            }
        }
        for (Demo d : USERS) {
            if (identity.createUserQuery().userId(d.id()).count() > 0) {
                continue;
            }
            User u = identity.newUser(d.id());
            u.setFirstName(d.first());
            u.setLastName(d.last());
            u.setEmail(d.id() + "@relaywarden.invalid");
            u.setPassword(d.id());
            identity.saveUser(u);
            for (String g : d.groups()) {
                identity.createMembership(d.id(), g);
            }
            log.warn("demo profile: created user '{}' with password '{}' - not for production", d.id(), d.id());
        }
        grantWebappAccess();
    }

    /** Cockpit and Tasklist for the groups that need them, in case authorization checks are switched on. */
    private void grantWebappAccess() {
        for (String group : List.of(Roles.OPERATORS, Roles.AGENTS, Roles.LEADS)) {
            if (authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(Resources.APPLICATION).count() == 0) {
                Authorization a = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                a.setGroupId(group);
                a.setResource(Resources.APPLICATION);
                a.setResourceId("*");
                a.addPermission(Permissions.ACCESS);
                authorizations.saveAuthorization(a);
            }
        }
    }
}
