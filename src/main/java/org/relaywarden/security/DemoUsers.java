package org.relaywarden.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
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

    /** Takes the authorizations as a dependency so that Relaywarden's groups exist first. */
    DemoUsers(IdentityService identity, CamundaAuthorizations groupsAndGrants) {
        this.identity = identity;
    }

    record Demo(String id, String first, String last, List<String> groups) {
    }

    static final List<Demo> USERS = List.of(
            new Demo("operator", "Olga", "Operator", List.of(Roles.OPERATORS, Groups.CAMUNDA_ADMIN)),
            new Demo("agent", "Anton", "Agent", List.of(Roles.AGENTS)),
            new Demo("lead", "Lena", "Lead", List.of(Roles.LEADS, Roles.AGENTS)),
            new Demo("monitoring", "Monitoring", "System", List.of(Roles.MONITORING)));

    /** Runs once the engine (and so its identity tables) exists, before the web server takes requests. */
    /** Runs once the engine and Relaywarden's groups exist, before the web server takes requests. */
    @PostConstruct
    void createDemoUsers() {
        if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
            Group admins = identity.newGroup(Groups.CAMUNDA_ADMIN);
            admins.setName("Camunda administrators");
            admins.setType(Groups.GROUP_TYPE_SYSTEM);
            identity.saveGroup(admins);
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
    }
}
