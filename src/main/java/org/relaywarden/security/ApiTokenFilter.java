package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Authenticates {@code Authorization: Bearer rw_...} on Relaywarden's API; a wrong token is a 401. */
class ApiTokenFilter extends OncePerRequestFilter {

    /** A token's principal is {@code token:<name>}. */
    static final String PRINCIPAL_PREFIX = "token:";

    private final ApiTokens tokens;

    ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var info = tokens.authenticate(header.substring(7).trim());
            if (info.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"relaywarden\", error=\"invalid_token\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "invalid, expired or revoked API token");
                return;
            }
            var auth = UsernamePasswordAuthenticationToken.authenticated(PRINCIPAL_PREFIX + info.get().name(), null,
                    info.get().groups().stream().map(SimpleGrantedAuthority::new).toList());
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
        chain.doFilter(request, response);
    }
}
