package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Lets a person logged in to the Camunda webapps (Cockpit's form login) read Relaywarden's case API from
 * the Cockpit plugin, with the same roles as with Basic: for {@code GET}/{@code HEAD} on
 * {@code /api/v1/cases/**} only, without credentials of its own, an existing session's Camunda user
 * becomes the request's principal. Its groups are read from the identity service on every request (not
 * from the session), so a user removed from a group, or deleted, loses access at once.
 * <p>
 * The authentication lasts for this request only: the rest of the chain sees no session, so it is never
 * stored in the session (where it would pass for a login on every method).
 * <p>
 * Only safe methods: a session cookie is sent along cross-site, and no state change is accepted on it
 * here (actions from the plugin would need the CSRF rules of docs/security.md first). Nothing else of
 * the API accepts the webapp session.
 */
class CamundaWebappSessionAuthentication extends OncePerRequestFilter {

    private final ProcessEngine engine;

    CamundaWebappSessionAuthentication(ProcessEngine engine) {
        this.engine = engine;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !("GET".equals(method) || "HEAD".equals(method))
                || !(path.equals("/api/v1/cases") || path.startsWith("/api/v1/cases/"))
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && SecurityContextHolder.getContext().getAuthentication() == null) {
            Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
            Authentication current = authentications.getAuthenticationForProcessEngine(engine.getName());
            if (current instanceof UserAuthentication user) {
                String userId = user.getIdentityId();
                var identity = engine.getIdentityService();
                if (identity.createUserQuery().userId(userId).count() == 1) {
                    List<SimpleGrantedAuthority> groups = identity.createGroupQuery().groupMember(userId).list().stream()
                            .map(Group::getId).map(SimpleGrantedAuthority::new).toList();
                    SecurityContextHolder.getContext().setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(userId, null, groups));
                    // the rest of this request sees no session: otherwise Spring Security's session management would
                    // store this authentication in the webapp session, and the session alone would then pass for a
                    // login on every method of the API (seen: a POST .../close with just the cookie was accepted)
                    chain.doFilter(new WithoutSession(request), response);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** A request whose session is invisible: nothing downstream can read it or store anything in it. */
    static final class WithoutSession extends jakarta.servlet.http.HttpServletRequestWrapper {

        WithoutSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (create) {
                throw new IllegalStateException("a case read with a webapp login session creates no session state");
            }
            return null;
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return false;
        }
    }
}
