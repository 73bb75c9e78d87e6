package org.relaywarden.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The customer's questionnaire page ({@code /q/...}) gets a strict Content-Security-Policy: nothing from
 * elsewhere, no script or style but the page's own (marked with a fresh nonce per response, request attribute
 * {@code cspNonce}), forms only to itself, never in a frame.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class QuestionnaireContentSecurityPolicy extends OncePerRequestFilter {

    static final String NONCE_ATTRIBUTE = "cspNonce";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getServletPath().startsWith("/q/") && !request.getServletPath().equals("/q");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        request.setAttribute(NONCE_ATTRIBUTE, nonce);
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
                + nonce + "'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        chain.doFilter(request, response);
    }
}
