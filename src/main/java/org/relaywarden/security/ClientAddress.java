package org.relaywarden.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Remembers the client address of the request being served, for {@link ThrottledIdentityProvider}: the password
 * checks of Relaywarden's API, Camunda's REST API and the webapps' login happen deep inside the engine.
 * (Spring's request context is not reliably there: it is not set for every path the checks come from.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientAddress extends OncePerRequestFilter {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** The client of the request this thread serves; "internal" for a check outside a request. */
    static String current() {
        String address = CURRENT.get();
        return address == null ? "internal" : address;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String previous = CURRENT.get();
        CURRENT.set(request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
