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
import java.util.Map;

/**
 * The questionnaire page's form ({@code POST /q/...}): a field with a control character (a NUL, say) is answered
 * with 400 naming the field, before anything is stored. JSON bodies are checked by {@link ControlCharacterAdvice}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ControlCharacterFormFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equalsIgnoreCase(request.getMethod()) || !request.getServletPath().startsWith("/q/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            String name = p.getKey();
            String field = name.replaceAll("\\p{Cntrl}", "?");
            var found = ControlCharacters.find(name, field + " (the name)");
            for (String value : p.getValue()) {
                found = found.or(() -> ControlCharacters.find(value, field));
            }
            if (found.isPresent()) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, found.get().message());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
