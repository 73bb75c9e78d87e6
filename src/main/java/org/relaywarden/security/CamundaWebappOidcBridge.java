package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands an OpenID Connect login to the Camunda webapps: the session's Camunda authentication
 * becomes the login's user id with its mapped groups (and the apps those groups may open), so
 * Cockpit and Tasklist apply Camunda's authorizations to it as to any user. Requests without an
 * OIDC login pass untouched.
 * <p>
 * The person need not exist in Camunda's user table. The webapps re-check a session's user in the
 * identity service once its cache validation time has passed and would drop such a user, so the
 * authentication is handed over valid for {@link #VALID_FOR} and renewed here, from the login itself,
 * once it is older than {@link #RENEW_AFTER}: its validation time is never reached while the login lasts.
 */
class CamundaWebappOidcBridge extends OncePerRequestFilter {

    static final Duration VALID_FOR = Duration.ofMinutes(5);
    static final Duration RENEW_AFTER = Duration.ofMinutes(1);

    private final ProcessEngine engine;

    CamundaWebappOidcBridge(ProcessEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken login) {
            HttpSession session = request.getSession();
            Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
            List<String> groups = login.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
            Authentication current = authentications.getAuthenticationForProcessEngine(engine.getName());
            if (!(current instanceof UserAuthentication user) || !user.getIdentityId().equals(login.getName())
                    || !new HashSet<>(user.getGroupIds()).equals(new HashSet<>(groups)) || stale(user)) {
                authentications.addOrReplace(authentication(login.getName(), groups));
                AuthenticationUtil.updateSession(session, authentications);
            }
        }
        chain.doFilter(request, response);
    }

    /** Handed over more than {@link #RENEW_AFTER} ago (or by someone else): hand it over again. */
    private static boolean stale(UserAuthentication user) {
        Date validUntil = user.getCacheValidationTime();
        return validUntil == null
                || validUntil.toInstant().isBefore(Instant.now().plus(VALID_FOR).minus(RENEW_AFTER));
    }

    UserAuthentication authentication(String userId, List<String> groups) {
        UserAuthentication user = new UserAuthentication(userId, engine.getName());
        user.setGroupIds(groups);
        user.setTenantIds(List.of());
        user.setAuthorizedApps(apps(userId, groups));
        // the time the webapps would look the user up in the identity service again
        user.setCacheValidationTime(Date.from(Instant.now().plus(VALID_FOR)));
        return user;
    }

    /** The webapps these groups may open (Camunda's APPLICATION authorizations, as at a form login). */
    private Set<String> apps(String userId, List<String> groups) {
        Set<String> apps = new LinkedHashSet<>();
        apps.add(AuthenticationUtil.APP_WELCOME);
        boolean checked = engine.getProcessEngineConfiguration().isAuthorizationEnabled();
        AuthorizationService authorizations = engine.getAuthorizationService();
        for (String app : AuthenticationUtil.APPS) {
            if (!checked || authorizations.isUserAuthorized(userId, groups, Permissions.ACCESS, Resources.APPLICATION, app)) {
                apps.add(app);
            }
        }
        return apps;
    }
}
