package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * State-changing requests to Relaywarden's API, Camunda's REST API and the actuator cannot be made
 * from another site with a browser's cached credentials (Basic, a session cookie):
 * <ul>
 *   <li>a request whose {@code Sec-Fetch-Site} is neither {@code same-origin} nor {@code none}, or whose
 *   {@code Origin} is another origin (or {@code null}), is refused (403);</li>
 *   <li>a body of a type an HTML form can send without asking ({@code application/x-www-form-urlencoded},
 *   {@code multipart/form-data}, {@code text/plain}) is refused (415), unless the request carries the custom
 *   header {@code X-Requested-With} (which no cross-site page can add without a CORS preflight, and no
 *   preflight is ever allowed).</li>
 * </ul>
 * Machines are not browsers: curl, Alertmanager and Grafana send JSON (or no body) and neither
 * {@code Origin} nor {@code Sec-Fetch-*}, so they pass. A Bearer API token is never sent by a browser
 * on its own, so a request authenticated by one is not checked. The questionnaire page ({@code /q})
 * and the Camunda webapps keep their own CSRF tokens.
 */
class CrossSiteRequestGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteRequestGuard.class);
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");
    static final String CUSTOM_HEADER = "X-Requested-With";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return true;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!(path.startsWith("/api/") || path.startsWith("/engine-rest/") || path.startsWith("/actuator/"))) {
            return true;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = refusal(request);
        if (refusal != null) {
            log.warn("refused a cross-site {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), refusal);
            int status = refusal.startsWith("content type") ? HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE
                    : HttpServletResponse.SC_FORBIDDEN;
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"status\":" + status + ",\"title\":\"cross-site request refused\",\"detail\":\""
                    + refusal + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the request is refused, or null. */
    static String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "Sec-Fetch-Site is " + sanitize(site) + "; state changes are accepted from this origin only";
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request)) {
            return "Origin " + sanitize(origin) + " is another origin; state changes are accepted from this origin only";
        }
        String type = request.getContentType();
        if (type != null && request.getHeader(CUSTOM_HEADER) == null) {
            String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (FORM_TYPES.contains(base)) {
                return "content type " + base + " is not accepted for a state change (send application/json, "
                        + "or add the header " + CUSTOM_HEADER + ")";
            }
        }
        return null;
    }

    /** The Origin names the host the request was sent to (its Host header, or the name a proxy forwarded). */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null) {
            return false; // "null" (a sandboxed frame, a redirect across sites) and junk
        }
        int port = uri.getPort() == -1 ? defaultPort(uri.getScheme()) : uri.getPort();
        String authority = (uri.getHost() + ":" + port).toLowerCase(Locale.ROOT);
        String host = request.getHeader(HttpHeaders.HOST);
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            boolean hasPort = h.lastIndexOf(':') > h.lastIndexOf(']');
            if (authority.equals(hasPort ? h : h + ":" + defaultPort(uri.getScheme()))) {
                return true;
            }
        }
        return authority.equals((request.getServerName() + ":" + request.getServerPort()).toLowerCase(Locale.ROOT));
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String sanitize(String value) {
        String s = value.length() > 100 ? value.substring(0, 100) : value;
        return s.replaceAll("[^A-Za-z0-9:/._\\-\\[\\]]", "?");
    }
}
