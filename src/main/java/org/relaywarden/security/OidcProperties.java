package org.relaywarden.security;

import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code relaywarden.security.oidc.*}: how an OpenID Connect login becomes Camunda groups. Used only
 * when a login is configured ({@code spring.security.oauth2.client.registration.*}).
 *
 * @param groupsClaim the ID token (or user info) claim that lists the person's groups at the identity
 *                    provider: a list of strings, or one string of names separated by spaces or commas
 * @param groups      Camunda group → the identity provider's group that grants it. By default each of
 *                    Relaywarden's four groups is granted by a group of the same name; {@code camunda-admin}
 *                    only when named here. Groups not named are ignored, so the identity provider cannot
 *                    hand out any other Camunda group.
 */
@ConfigurationProperties("relaywarden.security.oidc")
public record OidcProperties(String groupsClaim, Map<String, String> groups) {

    /** The Camunda groups a login may be given. */
    static final List<String> GRANTABLE = List.of(Roles.OPERATORS, Roles.AGENTS, Roles.LEADS, Roles.MONITORING,
            Groups.CAMUNDA_ADMIN);

    public OidcProperties {
        groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
        Map<String, String> g = new LinkedHashMap<>();
        for (String role : List.of(Roles.OPERATORS, Roles.AGENTS, Roles.LEADS, Roles.MONITORING)) {
            g.put(role, role);
        }
        if (groups != null) {
            for (var e : groups.entrySet()) {
                if (!GRANTABLE.contains(e.getKey())) {
                    throw new IllegalArgumentException("relaywarden.security.oidc.groups." + e.getKey()
                            + ": not a group Relaywarden grants (one of " + GRANTABLE + ")");
                }
                if (e.getValue() == null || e.getValue().isBlank()) {
                    g.remove(e.getKey());
                } else {
                    g.put(e.getKey(), e.getValue().strip());
                }
            }
        }
        groups = Map.copyOf(g);
    }
}
