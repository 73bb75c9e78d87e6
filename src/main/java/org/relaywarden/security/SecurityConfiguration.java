package org.relaywarden.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import static org.relaywarden.security.Roles.*;

/**
 * Who may reach what. Nothing but health checks and the customer's questionnaire page is open:
 * <ul>
 *   <li>{@code /q/**}: the questionnaire page, opened by its unguessable token, with Spring's CSRF protection;</li>
 *   <li>{@code /api/**}: HTTP Basic with Camunda identity users, or an API token (Bearer), by group;</li>
 *   <li>{@code /camunda/**}: the Camunda webapps behind their own login and CSRF filter;</li>
 *   <li>{@code /engine-rest/**}: Camunda's REST API behind the engine's own Basic authentication filter.</li>
 * </ul>
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain relaywardenSecurity(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class);
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // Camunda's REST filter lets the engine list through unauthenticated: we do not
                        .requestMatchers("/engine-rest/engine", "/engine-rest/engine/").authenticated()
                        // these two are guarded by Camunda itself (webapp login, engine REST filter below)
                        .requestMatchers("/camunda/**", "/engine-rest/**").permitAll()
                        .requestMatchers("/", "/error").permitAll()
                        // the customer's questionnaire: no login, the page's token is the credential; CSRF stays on
                        .requestMatchers("/q/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/alerts", "/api/v1/alerts/**").hasAnyAuthority(MONITORING, OPERATORS)
                        .requestMatchers("/api/v1/sandbox/**", "/api/v1/tokens", "/api/v1/tokens/**").hasAuthority(OPERATORS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/cases/*/close").hasAuthority(OPERATORS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/cases/*/answers").hasAnyAuthority(AGENTS, OPERATORS)
                        .requestMatchers(HttpMethod.GET, "/api/v1/cases/*/quarantine", "/api/v1/cases/*/quarantine/**").hasAuthority(OPERATORS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/cases/*/quarantine/*/release").hasAuthority(OPERATORS)
                        .requestMatchers(HttpMethod.GET, "/api/v1/cases", "/api/v1/cases/**").hasAnyAuthority(OPERATORS, AGENTS, LEADS)
                        .requestMatchers("/actuator/prometheus").hasAnyAuthority(OPERATORS, MONITORING)
                        .requestMatchers("/api/openapi", "/api/openapi/**", "/api/docs", "/api/docs/**", "/swagger-ui/**")
                        .authenticated()
                        .requestMatchers("/actuator/**").hasAuthority(OPERATORS)
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                // the API is for machines with Basic credentials; the webapps keep Camunda's own CSRF filter
                .csrf(c -> c.ignoringRequestMatchers("/api/**", "/camunda/**", "/engine-rest/**"))
                .headers(h -> h.frameOptions(f -> f.sameOrigin()));
        return http.build();
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
        return registration;
    }
}
