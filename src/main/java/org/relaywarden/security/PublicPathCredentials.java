package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

/**
 * On the open paths (health checks, the questionnaire page) wrong Basic credentials are not a 401: the request
 * goes on as anonymous, as it would without credentials. Right credentials still count (an operator sees the
 * health details). Everywhere else Spring's Basic filter answers wrong credentials with 401 as before.
 */
class PublicPathCredentials extends OncePerRequestFilter {

    static final Set<String> HEALTH = Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");

    private final AuthenticationProvider provider;
    private final BasicAuthenticationConverter converter = new BasicAuthenticationConverter();

    PublicPathCredentials(AuthenticationProvider provider) {
        this.provider = provider;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || !(HEALTH.contains(path) || path.startsWith("/q/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            var token = converter.convert(request);
            if (token != null) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(provider.authenticate(token));
                SecurityContextHolder.setContext(context);
                chain.doFilter(request, response);
                return;
            }
        } catch (AuthenticationException | IllegalArgumentException wrong) {
            // wrong or malformed: go on without them
        }
        chain.doFilter(withoutAuthorization(request), response);
    }

    private static HttpServletRequest withoutAuthorization(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }
        };
    }
}
