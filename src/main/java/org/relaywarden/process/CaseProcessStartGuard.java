package org.relaywarden.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.relaywarden.security.EngineRequestGuard;
import org.relaywarden.web.BufferedBodyRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A start of {@code relay-remediation} by its definition over Camunda's REST API or the webapps' engine API
 * ({@code process-definition/key/relay-remediation/start}, {@code .../submit-form}, or by the definition's id),
 * checked before the engine sees it: without a case reference as business key 400, for a case that has its
 * process already 409 (issue 27.5). The engine's own check ({@link OneProcessPerCase}) holds for every other
 * entry point; this one exists because Camunda's REST resource for such a start answers every engine exception
 * but an authorization's with 500. Only for an authenticated caller: anyone else gets the engine's 401.
 */
class CaseProcessStartGuard extends OncePerRequestFilter {

    static final Pattern START = Pattern.compile("^/process-definition/(?:key/" + RelayRemediation.PROCESS_ID
            + "(?:/tenant-id/[^/]+)?|" + RelayRemediation.PROCESS_ID + ":[^/]+)/(?:start|submit-form)$");

    private final RuntimeService runtime;
    private final IdentityService identity;
    private final ObjectMapper json = new ObjectMapper();

    CaseProcessStartGuard(RuntimeService runtime, IdentityService identity) {
        this.runtime = runtime;
        this.identity = identity;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !EngineRequestGuard.resource(request).map(r -> START.matcher(r).matches()).orElse(false);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = identity.getCurrentAuthentication();
        boolean authenticated = caller != null || request.getSession(false) != null;
        byte[] body = request.getInputStream().readAllBytes();
        String businessKey = businessKey(body);
        if (authenticated) {
            // every instance counts, not only those the caller may see
            identity.clearAuthentication();
            Optional<OneProcessPerCase.Refusal> refused;
            try {
                refused = OneProcessPerCase.refusal(runtime, businessKey, null);
            } finally {
                if (caller != null) {
                    identity.setAuthentication(caller);
                }
            }
            if (refused.isPresent()) {
                EngineRequestGuard.answer(response, request, EngineRequestGuard.resource(request).orElseThrow(),
                        caller == null ? "a webapp user" : caller.getUserId(),
                        refused.get().conflict() ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST,
                        "InvalidRequestException", refused.get().message(), "a start outside one process per case");
                return;
            }
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private String businessKey(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : json.readTree(body);
            return node != null && node.path("businessKey").isTextual() ? node.path("businessKey").asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Configuration
    static class Registration {
        @Bean
        FilterRegistrationBean<CaseProcessStartGuard> caseProcessStartGuard(RuntimeService runtime, IdentityService identity) {
            FilterRegistrationBean<CaseProcessStartGuard> registration =
                    new FilterRegistrationBean<>(new CaseProcessStartGuard(runtime, identity));
            registration.setName("relaywarden-case-process-start-guard");
            registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
            registration.setOrder(EngineRequestGuard.ORDER + 1);
            return registration;
        }
    }
}
