package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Lets a person logged in to the Camunda webapps (Cockpit's form login) use Relaywarden's case API from
 * the Cockpit plugin, with the same roles as with Basic: on {@code /api/v1/cases} and {@code /api/v1/cases/**}
 * only, without credentials of its own, an existing session's Camunda user becomes the request's principal.
 * Its groups are read from the identity service on every request (not from the session), so a user removed
 * from a group, or deleted, loses access at once. What each role may do is decided afterwards by the same
 * rules as for Basic ({@link SecurityConfiguration}).
 * <p>
 * Reads ({@code GET}/{@code HEAD}) need only the session. A state change ({@code POST}/{@code PUT}) also needs
 * the session's CSRF token, the one Camunda's own {@code CsrfPreventionFilter} keeps in the session
 * ({@code CAMUNDA_CSRF_TOKEN}) and hands the webapps in the {@code XSRF-TOKEN} cookie: the request must carry it
 * in the {@code X-XSRF-TOKEN} header, as the webapps' own requests do. A cross-site page can make the browser send
 * the cookie along but can neither read it nor set the header; a state change with the session and without the
 * right token is refused with 403 before any role is looked at.
 * <p>
 * The authentication lasts for this request only: the rest of the chain sees no session, so it is never
 * stored in the session (where it would pass for a login on every path and method).
 */
class CamundaWebappSessionAuthentication extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CamundaWebappSessionAuthentication.class);

    private final ProcessEngine engine;

    CamundaWebappSessionAuthentication(ProcessEngine engine) {
        this.engine = engine;
    }

    /** Camunda's CsrfPreventionFilter keeps the session's token under this name (CsrfConstants, 7.24). */
    static final String CAMUNDA_CSRF_TOKEN_ATTRIBUTE = "CAMUNDA_CSRF_TOKEN";
    /** The header the webapps send the token in (Camunda's CsrfConstants.CSRF_TOKEN_HEADER_NAME). */
    static final String CSRF_HEADER = "X-XSRF-TOKEN";
    static final Set<String> READS = Set.of("GET", "HEAD");
    static final Set<String> CHANGES = Set.of("POST", "PUT");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !(READS.contains(method) || CHANGES.contains(method)) || !sessionPath(request)
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    /** The paths that accept the webapp session: the case API, and the dashboard's figures for reading only. */
    static boolean sessionPath(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals(DASHBOARD)) {
            return READS.contains(request.getMethod());
        }
        return path.equals("/api/v1/cases") || path.startsWith("/api/v1/cases/");
    }

    /** The Cockpit dashboard's figures (GET only). */
    static final String DASHBOARD = "/api/v1/dashboard";

    /**
     * The request carries, in {@link #CSRF_HEADER}, the CSRF token Camunda's webapps keep in its (existing) session.
     * Compared in constant time.
     */
    static boolean carriesWebappCsrfToken(HttpServletRequest request) {
        String sent = request.getHeader(CSRF_HEADER);
        HttpSession session = request.getSession(false);
        if (sent == null || sent.isEmpty() || session == null) {
            return false;
        }
        Object expected;
        try {
            expected = session.getAttribute(CAMUNDA_CSRF_TOKEN_ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            return false;
        }
        return expected instanceof String token && !token.isEmpty()
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
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
                    if (CHANGES.contains(request.getMethod()) && !carriesWebappCsrfToken(request)) {
                        refuse(response, request);
                        return;
                    }
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

    private static void refuse(HttpServletResponse response, HttpServletRequest request) throws IOException {
        log.warn("refused a {} {} on a webapp session without its CSRF token ({} header)", request.getMethod(),
                request.getRequestURI(), CSRF_HEADER);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"status\":403,\"title\":\"CSRF token missing or wrong\",\"detail\":\""
                + "a state change with the webapp session needs the session's CSRF token in the " + CSRF_HEADER
                + " header\"}");
    }

    /** A request whose session is invisible: nothing downstream can read it or store anything in it. */
    static final class WithoutSession extends HttpServletRequestWrapper {

        WithoutSession(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession(boolean create) {
            if (create) {
                throw new IllegalStateException("a case request with a webapp login session creates no session state");
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
