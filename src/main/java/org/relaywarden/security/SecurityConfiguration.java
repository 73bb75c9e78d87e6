package org.relaywarden.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import static org.relaywarden.security.Roles.*;

/**
 * Who may reach what. Nothing but health checks and the customer's questionnaire page is open:
 * <ul>
 *   <li>{@code /q/**}: the questionnaire page, opened by its unguessable token, with Spring's CSRF protection;</li>
 *   <li>{@code /api/**}: HTTP Basic with Camunda identity users, or an API token (Bearer), by group; reading
 *   cases ({@code /api/v1/cases/**}) also with a Camunda webapp login session, for the Cockpit plugin
 *   ({@link CamundaWebappSessionAuthentication}: a state change also needs the webapps' CSRF token);</li>
 *   <li>{@code /camunda/**}: the Camunda webapps behind their own login and CSRF filter;</li>
 *   <li>{@code /engine-rest/**}: Camunda's REST API behind the engine's own Basic authentication filter.</li>
 * </ul>
 * Nobody may deploy over REST (the process comes from {@code bpmn/}), Camunda Admin's first-user setup is
 * never served, and no state-changing request is accepted cross-site ({@link CrossSiteRequestGuard}).
 * With an OpenID Connect client registration configured ({@link OidcLogin}), people may also log in
 * through the identity provider: the webapps' pages then require that login, and the API accepts its
 * session (with CSRF protection) besides Basic and API tokens. Without one, nothing of it exists.
 */
@Configuration
class SecurityConfiguration {

    /** Camunda's deployment endpoints: its REST API (default engine and named) and the webapps' own engine API. */
    static final String[] DEPLOYMENTS = {"/engine-rest/deployment/**", "/engine-rest/engine/*/deployment/**",
            "/camunda/api/engine/engine/*/deployment/**"};

    @Bean
    SecurityFilterChain relaywardenSecurity(HttpSecurity http, ApiTokens tokens, CamundaIdentityAuthenticationProvider people,
                                            ObjectProvider<ClientRegistrationRepository> oidcRegistrations,
                                            OidcProperties oidcProperties, ProcessEngine engine) throws Exception {
        // OpenID Connect login only when a client registration is configured (spring.security.oauth2.client.registration.*)
        boolean oidc = oidcRegistrations.getIfAvailable() != null;
        http.addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class);
        // before any authentication: a cross-site page must not reach the API with the browser's cached credentials
        http.addFilterBefore(new CrossSiteRequestGuard(), ApiTokenFilter.class);
        // wrong Basic credentials on the open paths are ignored, not a 401
        http.addFilterBefore(new PublicPathCredentials(people), BasicAuthenticationFilter.class);
        // the Cockpit plugin uses the case API with the webapps' login session (/api/v1/cases/** and GET /api/v1/dashboard only; a state change
        // also needs the session's Camunda CSRF token)
        http.addFilterAfter(new CamundaWebappSessionAuthentication(engine), BasicAuthenticationFilter.class);
        http.authorizeHttpRequests(a -> {
            // Camunda Admin's first-user setup would make anyone an administrator while no user exists: never served
            a.requestMatchers("/camunda/app/admin/*/setup", "/camunda/app/admin/*/setup/**", "/camunda/api/admin/setup/**")
                    .denyAll()
                    // the process is deployed from bpmn/ at start; a deployment over REST runs code (expressions,
                    // scripts) as the server, so nobody may deploy, not even an administrator
                    .requestMatchers(HttpMethod.POST, DEPLOYMENTS).denyAll();
            a.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                    // Camunda's REST filter lets the engine list through unauthenticated: we do not
                    .requestMatchers("/engine-rest/engine", "/engine-rest/engine/").authenticated();
            if (oidc) {
                // with OIDC the webapps' pages are entered through the identity provider (CamundaWebappOidcBridge)
                a.requestMatchers("/camunda/app/**").authenticated();
            }
            a
                    // these two are guarded by Camunda itself (webapp login, engine REST filter below)
                    .requestMatchers("/camunda/**", "/engine-rest/**").permitAll()
                    .requestMatchers("/").permitAll()
                    // the error page is rendered for errors (ERROR dispatch); asked for directly it answered 500
                    .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                    // the customer's questionnaire: no login, the page's token is the credential; CSRF stays on
                    .requestMatchers("/q/**").permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/alerts", "/api/v1/alerts/**").hasAnyAuthority(MONITORING, OPERATORS)
                    // feedback-loop reports (ARF, XARF) handed in by a forwarding script or an operator
                    .requestMatchers(HttpMethod.POST, "/api/v1/complaints").hasAnyAuthority(MONITORING, OPERATORS)
                    .requestMatchers(HttpMethod.GET, "/api/v1/complaints/*/raw").hasAuthority(OPERATORS)
                    .requestMatchers(HttpMethod.GET, "/api/v1/complaints", "/api/v1/complaints/*").hasAnyAuthority(OPERATORS, AGENTS, LEADS)
                    .requestMatchers(HttpMethod.POST, "/api/v1/blocklistings/check").hasAuthority(OPERATORS)
                    .requestMatchers(HttpMethod.GET, "/api/v1/blocklistings").hasAnyAuthority(OPERATORS, AGENTS, LEADS, MONITORING)
                    .requestMatchers("/api/v1/sandbox/**", "/api/v1/tokens", "/api/v1/tokens/**").hasAuthority(OPERATORS)
                    .requestMatchers(HttpMethod.POST, "/api/v1/cases/*/answers", "/api/v1/cases/*/replies/*/confirm-reading")
                    .hasAnyAuthority(AGENTS, OPERATORS)
                    .requestMatchers(HttpMethod.GET, "/api/v1/cases/*/quarantine", "/api/v1/cases/*/quarantine/**").hasAuthority(OPERATORS);
            // a case's actions (close, contacts, durations, retry, release, purge, ...): one table, also asked by the case tab
            for (CaseActions.Action action : CaseActions.ALL) {
                a.requestMatchers(action.method(), action.pattern()).hasAnyAuthority(action.groups().toArray(String[]::new));
            }
            a
                    .requestMatchers(HttpMethod.GET, "/api/v1/cases", "/api/v1/cases/**").hasAnyAuthority(OPERATORS, AGENTS, LEADS)
                    .requestMatchers(HttpMethod.GET, "/api/v1/dashboard").hasAnyAuthority(OPERATORS, AGENTS, LEADS)
                    // the demo profile's demo mailbox (org.relaywarden.demo): letters and replying as a customer
                    .requestMatchers("/demo-mailbox", "/demo-mailbox/**").hasAuthority(OPERATORS)
                    .requestMatchers("/actuator/prometheus").hasAnyAuthority(OPERATORS, MONITORING)
                    .requestMatchers("/api/openapi", "/api/openapi/**", "/api/docs", "/api/docs/**", "/api/swagger-ui/**",
                            "/swagger-ui/**")
                    .authenticated()
                    .requestMatchers("/actuator/**").hasAuthority(OPERATORS)
                    .anyRequest().denyAll();
        });
        http.httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        if (!oidc) {
            // the API is for machines with Basic credentials; the webapps keep Camunda's own CSRF filter
            http.csrf(c -> c.ignoringRequestMatchers("/api/**", "/camunda/**", "/engine-rest/**"));
        } else {
            // an OIDC login is a session cookie, which a browser sends along cross-site: API requests without
            // their own credentials (Basic, API token) need the CSRF token; the webapps keep Camunda's own filter
            // (the Cockpit plugin's state changes carry the webapps' own CSRF token, checked by
            // CamundaWebappSessionAuthentication, not Spring's)
            http.csrf(c -> c.ignoringRequestMatchers("/camunda/**", "/engine-rest/**")
                    .ignoringRequestMatchers(SecurityConfiguration::apiWithOwnCredentials)
                    .ignoringRequestMatchers(r -> CamundaWebappSessionAuthentication.sessionPath(r)
                            && CamundaWebappSessionAuthentication.carriesWebappCsrfToken(r)));
            http.oauth2Login(o -> o
                    .userInfoEndpoint(u -> u.oidcUserService(OidcLogin.userService(new OidcGroupMapper(oidcProperties))))
                    .defaultSuccessUrl("/camunda/app/", false));
        }
        // Machines keep getting 401 with a Basic challenge on the API's paths. Everywhere else a browser may be
        // asking (the webapps ask /camunda-welcome before their login, a browser asks /favicon.ico): a challenge
        // there makes the browser open its own credentials dialog over Camunda's login form, so those get a plain
        // 401. With OIDC the webapps' pages send a browser to the identity provider's login instead.
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("Realm");
        http.exceptionHandling(e -> {
            e.defaultAuthenticationEntryPointFor(basic, SecurityConfiguration::machinePath);
            e.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                    r -> !oidc || !r.getServletPath().startsWith("/camunda/app/"));
        });
        return http.build();
    }

    /**
     * The paths that get a Basic challenge: those of machine clients (Relaywarden's API and its docs, Camunda's REST
     * API, actuator) and the demo mailbox's page, whose only login is Basic. The webapps never ask any of them.
     */
    static boolean machinePath(HttpServletRequest request) {
        // Camunda's REST API is a servlet of its own (/engine-rest/*): its servlet path is only "/engine-rest"
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith("/api/") || path.startsWith("/engine-rest/") || path.startsWith("/actuator/")
                || path.equals("/demo-mailbox") || path.startsWith("/demo-mailbox/");
    }

    private static boolean apiWithOwnCredentials(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return request.getServletPath().startsWith("/api/") && authorization != null
                && (authorization.startsWith("Basic ") || authorization.startsWith("Bearer "));
    }

    /** Camunda's REST API authenticates against the engine's identity service, per request. */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("camunda-engine-rest-authentication");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(EngineRequestGuard.ENGINE_REST_AUTHENTICATION_ORDER);
        return registration;
    }

    /** What a role may not do is refused before the engine sees it ({@link EngineRequestGuard}). */
    @Bean
    FilterRegistrationBean<EngineRequestGuard> engineRequestGuard(ProcessEngine engine) {
        FilterRegistrationBean<EngineRequestGuard> registration = new FilterRegistrationBean<>(new EngineRequestGuard(engine));
        registration.setName("relaywarden-engine-request-guard");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        registration.setOrder(EngineRequestGuard.ORDER);
        return registration;
    }
}
