package org.relaywarden.security;

import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Camunda's authorization checks are on; this sets up what Relaywarden's groups may do in the
 * webapps and the engine's REST API (idempotent, on every start, in every profile):
 * <ul>
 *   <li>{@code relaywarden-operators}: Cockpit and Tasklist; every process instance, definition, task,
 *       deployment, decision and batch (close cases, retry incidents, move tokens);</li>
 *   <li>{@code relaywarden-agents}, {@code relaywarden-leads}: Tasklist only; they see and work the tasks
 *       offered to their group (Camunda grants that per task) and read the definitions and forms;</li>
 *   <li>{@code relaywarden-monitoring}: nothing in Camunda, only Relaywarden's alert endpoints.</li>
 * </ul>
 */
@Component
class CamundaAuthorizations {

    private final AuthorizationService authorizations;
    private final IdentityService identity;

    CamundaAuthorizations(AuthorizationService authorizations, IdentityService identity) {
        this.authorizations = authorizations;
        this.identity = identity;
    }

    record Grant(String group, Resource resource, String resourceId, Permission... permissions) {
    }

    static final List<Grant> GRANTS = List.of(
            new Grant(Roles.OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS),
            new Grant(Roles.OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS),
            new Grant(Roles.OPERATORS, Resources.PROCESS_DEFINITION, "*", Permissions.ALL),
            new Grant(Roles.OPERATORS, Resources.PROCESS_INSTANCE, "*", Permissions.ALL),
            new Grant(Roles.OPERATORS, Resources.TASK, "*", Permissions.ALL),
            new Grant(Roles.OPERATORS, Resources.DEPLOYMENT, "*", Permissions.READ),
            new Grant(Roles.OPERATORS, Resources.DECISION_DEFINITION, "*", Permissions.ALL),
            new Grant(Roles.OPERATORS, Resources.DECISION_REQUIREMENTS_DEFINITION, "*", Permissions.READ),
            new Grant(Roles.OPERATORS, Resources.BATCH, "*", Permissions.ALL),
            new Grant(Roles.OPERATORS, Resources.FILTER, "*", Permissions.READ),
            new Grant(Roles.AGENTS, Resources.APPLICATION, "tasklist", Permissions.ACCESS),
            new Grant(Roles.AGENTS, Resources.FILTER, "*", Permissions.READ),
            new Grant(Roles.AGENTS, Resources.PROCESS_DEFINITION, "relay-remediation", Permissions.READ),
            new Grant(Roles.AGENTS, Resources.DEPLOYMENT, "*", Permissions.READ),
            new Grant(Roles.LEADS, Resources.APPLICATION, "tasklist", Permissions.ACCESS),
            new Grant(Roles.LEADS, Resources.FILTER, "*", Permissions.READ),
            new Grant(Roles.LEADS, Resources.PROCESS_DEFINITION, "relay-remediation", Permissions.READ),
            new Grant(Roles.LEADS, Resources.DEPLOYMENT, "*", Permissions.READ));

    @PostConstruct
    void setUp() {
        for (String groupId : List.of(Roles.OPERATORS, Roles.AGENTS, Roles.LEADS, Roles.MONITORING)) {
            if (identity.createGroupQuery().groupId(groupId).count() == 0) {
                Group g = identity.newGroup(groupId);
                g.setName(groupId);
                g.setType("WORKFLOW");
                identity.saveGroup(g);
            }
        }
        for (Grant grant : GRANTS) {
            boolean exists = authorizations.createAuthorizationQuery().groupIdIn(grant.group())
                    .resourceType(grant.resource()).resourceId(grant.resourceId()).count() > 0;
            if (!exists) {
                Authorization a = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                a.setGroupId(grant.group());
                a.setResource(grant.resource());
                a.setResourceId(grant.resourceId());
                for (Permission p : grant.permissions()) {
                    a.addPermission(p);
                }
                authorizations.saveAuthorization(a);
            }
        }
    }
}
