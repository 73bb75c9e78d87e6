package org.relaywarden.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.RelaywardenApplication;
import org.relaywarden.security.support.FakeIdentityProvider;
import org.relaywarden.security.support.FakeIdentityProvider.Browser;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect login against a tiny identity provider in the test (authorization code flow:
 * token endpoint and JWKS on an embedded HTTP server, RS256-signed ID tokens): the login's groups
 * claim decides what the person may do on Relaywarden's API, exactly as Camunda groups do for
 * Basic logins, and the webapps get the same user and groups for Camunda's authorization checks.
 */
class OidcLoginTest {

    static FakeIdentityProvider idp;
    static ConfigurableApplicationContext app;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        idp = new FakeIdentityProvider();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:mem:oidc-login;DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--camunda.bpm.process-engine-name=oidclogin",
                // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
                // (WebappOidcTest runs them with OIDC in a JVM of its own)
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                "--camunda.bpm.job-execution.enabled=false",
                "--relaywarden.detection.deferred.enabled=false",
                "--relaywarden.detection.rate.enabled=false",
                "--relaywarden.quarantine.dir=" + System.getProperty("java.io.tmpdir") + "/oidc-login",
                // agents come from the identity provider's group "abuse-desk"; the others by their own names
                "--relaywarden.security.oidc.groups.relaywarden-agents=abuse-desk"));
        args.addAll(idp.registration());
        app = new SpringApplicationBuilder(RelaywardenApplication.class).run(args.toArray(String[]::new));
        base = "http://localhost:" + ((ServletWebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        idp.close();
    }

    static Browser browser() {
        return new Browser(base);
    }

    static Map.Entry<Browser, HttpResponse<String>> login(String user, Object groups) throws Exception {
        return idp.login(base, user, groups);
    }

    static Browser loggedIn(String user, Object groups) throws Exception {
        var login = login(user, groups);
        assertThat(login.getValue().statusCode()).isEqualTo(302);
        assertThat(login.getValue().headers().firstValue("Location").orElseThrow()).endsWith("/camunda/app/");
        return login.getKey();
    }

    @Test
    void anOperatorGroupGivesTheOperatorsRights() throws Exception {
        Browser olga = loggedIn("olga", List.of("relaywarden-operators", "staff"));
        assertThat(olga.get("/api/v1/cases").statusCode()).isEqualTo(200);
        assertThat(olga.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        // a session cookie alone does not change state: the API wants the CSRF token from such a browser
        assertThat(olga.post("/api/v1/cases/RW-999/close", "{\"finalRelayState\":\"ACTIVE\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void groupsAreMappedAsConfiguredAndNothingElseCounts() throws Exception {
        Browser anton = loggedIn("anton", "abuse-desk");
        assertThat(anton.get("/api/v1/cases").statusCode()).isEqualTo(200);
        assertThat(anton.get("/actuator/prometheus").statusCode()).isEqualTo(403);
        assertThat(anton.get("/api/v1/tokens").statusCode()).isEqualTo(403);

        Browser monitor = loggedIn("prometheus", List.of("relaywarden-monitoring"));
        assertThat(monitor.get("/api/v1/cases").statusCode()).isEqualTo(403);
        assertThat(monitor.get("/actuator/prometheus").statusCode()).isEqualTo(200);

        // "relaywarden-agents" no longer grants agents (abuse-desk does); camunda-admin is not mapped; no claim: no groups
        for (Object groups : new Object[]{List.of("relaywarden-agents", "camunda-admin", "RELAYWARDEN-OPERATORS"), null, 42}) {
            Browser nobody = loggedIn("nobody", groups);
            assertThat(nobody.get("/api/v1/cases").statusCode()).as(String.valueOf(groups)).isEqualTo(403);
            assertThat(nobody.get("/actuator/prometheus").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aUserIdThatIsNoSafeNameIsNoLogin() throws Exception {
        for (String bad : List.of("olga smith", "olga\nx", "'; drop", "x".repeat(129))) {
            var login = login(bad, List.of("relaywarden-operators"));
            assertThat(login.getValue().statusCode()).isEqualTo(302);
            assertThat(login.getValue().headers().firstValue("Location").orElseThrow()).contains("error");
            assertThat(login.getKey().get("/api/v1/cases").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void machinesStillGet401AndBasicStillWorks() throws Exception {
        Browser anonymous = browser();
        HttpResponse<String> api = anonymous.get("/api/v1/cases", "Accept", "text/html");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        // a browser opening the webapps is sent to the identity provider
        HttpResponse<String> cockpit = anonymous.get("/camunda/app/cockpit/default/", "Accept", "text/html");
        assertThat(cockpit.statusCode()).isEqualTo(302);
        assertThat(cockpit.headers().firstValue("Location").orElseThrow()).contains("/oauth2/authorization/idp");
        String basic = "Basic " + Base64.getEncoder().encodeToString("operator:operator".getBytes());
        assertThat(anonymous.get("/api/v1/cases", "Authorization", basic).statusCode()).isEqualTo(200);
        // Basic (the caller's own credentials) needs no CSRF token, as without OIDC
        HttpResponse<String> alert = anonymous.http().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"oidc-basic@example.test\",\"source\":\"test\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(alert.statusCode()).isEqualTo(202);
    }

    /** The webapps' side: the session's Camunda authentication is the login's user with its groups and apps. */
    @Test
    void theWebappsGetTheLoginsUserGroupsAndApps() throws Exception {
        ProcessEngine engine = app.getBean(ProcessEngine.class);
        CamundaWebappOidcBridge bridge = new CamundaWebappOidcBridge(engine);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/camunda/app/cockpit/oidclogin/");
        try {
            actAs("olga", "relaywarden-operators");
            bridge.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
            UserAuthentication olga = (UserAuthentication) AuthenticationUtil.getAuthsFromSession(request.getSession())
                    .getAuthenticationForProcessEngine(engine.getName());
            assertThat(olga.getIdentityId()).isEqualTo("olga");
            assertThat(olga.getGroupIds()).containsExactly("relaywarden-operators");
            assertThat(olga.getAuthorizedApps()).contains("cockpit", "tasklist").doesNotContain("admin");

            // the next login in the same browser (other groups) replaces it
            MockHttpServletRequest next = new MockHttpServletRequest("GET", "/camunda/app/tasklist/oidclogin/");
            next.setSession(request.getSession());
            actAs("anton", "relaywarden-agents");
            bridge.doFilter(next, new MockHttpServletResponse(), new MockFilterChain());
            UserAuthentication anton = (UserAuthentication) AuthenticationUtil.getAuthsFromSession(next.getSession())
                    .getAuthenticationForProcessEngine(engine.getName());
            assertThat(anton.getIdentityId()).isEqualTo("anton");
            assertThat(anton.getAuthorizedApps()).contains("tasklist").doesNotContain("cockpit", "admin");

            // a Basic login (not OIDC) is left to the webapps' own login
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operator",
                    null, List.of(new SimpleGrantedAuthority("relaywarden-operators"))));
            MockHttpServletRequest basic = new MockHttpServletRequest("GET", "/camunda/app/cockpit/oidclogin/");
            bridge.doFilter(basic, new MockHttpServletResponse(), new MockFilterChain());
            assertThat(basic.getSession(false)).isNull();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** Puts an OIDC login with these Camunda groups into the security context, as Spring Security would. */
    private static void actAs(String user, String group) {
        var authorities = List.of(new SimpleGrantedAuthority(group));
        OidcIdToken token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "idp-" + user, "preferred_username", user));
        var principal = new DefaultOidcUser(authorities, token, "preferred_username");
        SecurityContextHolder.getContext().setAuthentication(new OAuth2AuthenticationToken(principal, authorities, "idp"));
    }
}
