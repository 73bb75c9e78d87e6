package org.relaywarden.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.RelaywardenApplication;
import org.relaywarden.security.support.FakeIdentityProvider;
import org.relaywarden.security.support.FakeIdentityProvider.Browser;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Camunda webapps themselves behind an OpenID Connect login: Cockpit's and Tasklist's own API
 * sees the login's user with its mapped groups, and Camunda's authorizations decide what it shows.
 * <p>
 * Runs in a JVM of its own (surefire execution {@code webapp-oidc} in pom.xml): the webapps keep
 * JVM-wide state, and only the shared scenario context may start them in the main test JVM.
 */
class WebappOidcTest {

    static final String ENGINE = "webappoidc";
    static FakeIdentityProvider idp;
    static ConfigurableApplicationContext app;
    static String base;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        idp = new FakeIdentityProvider();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:mem:webapp-oidc;DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--camunda.bpm.process-engine-name=" + ENGINE,
                "--camunda.bpm.job-execution.enabled=false",
                "--relaywarden.detection.deferred.enabled=false",
                "--relaywarden.detection.rate.enabled=false",
                "--relaywarden.quarantine.dir=" + System.getProperty("java.io.tmpdir") + "/webapp-oidc"));
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

    Browser loggedIn(String user, Object groups) throws Exception {
        var login = idp.login(base, user, groups);
        assertThat(login.getValue().statusCode()).isEqualTo(302);
        return login.getKey();
    }

    /** What the webapps think of the browser's session (their own login status endpoint). */
    JsonNode webappUser(Browser b) throws Exception {
        HttpResponse<String> r = b.get("/camunda/api/admin/auth/user/" + ENGINE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void anOperatorOpensCockpitAndSeesTheProcess() throws Exception {
        Browser olga = loggedIn("olga", List.of("relaywarden-operators"));
        assertThat(olga.get("/camunda/app/cockpit/" + ENGINE + "/", "Accept", "text/html").statusCode()).isEqualTo(200);
        JsonNode user = webappUser(olga);
        assertThat(user.get("userId").asText()).isEqualTo("olga");
        assertThat(user.get("authorizedApps").toString()).contains("cockpit", "tasklist").doesNotContain("admin");
        // Cockpit's engine API answers with what operators may read: the deployed process
        HttpResponse<String> definitions = olga.get("/camunda/api/engine/engine/" + ENGINE
                + "/process-definition?key=relay-remediation&latestVersion=true");
        assertThat(definitions.statusCode()).isEqualTo(200);
        assertThat(json.readTree(definitions.body())).hasSize(1);
        assertThat(json.readTree(olga.get("/camunda/api/engine/engine/" + ENGINE + "/decision-definition").body()))
                .isNotEmpty();
    }

    @Test
    void anAgentGetsTasklistOnlyAndNotWhatOnlyOperatorsRead() throws Exception {
        Browser anton = loggedIn("anton", "relaywarden-agents");
        JsonNode user = webappUser(anton);
        assertThat(user.get("userId").asText()).isEqualTo("anton");
        assertThat(user.get("authorizedApps").toString()).contains("tasklist").doesNotContain("cockpit", "admin");
        // agents may read the process definition (Tasklist's forms), not the policy's decision table
        assertThat(json.readTree(anton.get("/camunda/api/engine/engine/" + ENGINE
                + "/process-definition?key=relay-remediation").body())).hasSize(1);
        HttpResponse<String> decisions = anton.get("/camunda/api/engine/engine/" + ENGINE + "/decision-definition");
        assertThat(decisions.statusCode()).isEqualTo(200);
        assertThat(json.readTree(decisions.body())).isEmpty();
    }

    @Test
    void withoutALoginTheWebappsSendTheBrowserToTheIdentityProvider() throws Exception {
        Browser anonymous = new Browser(base);
        HttpResponse<String> cockpit = anonymous.get("/camunda/app/cockpit/" + ENGINE + "/", "Accept", "text/html");
        assertThat(cockpit.statusCode()).isEqualTo(302);
        assertThat(cockpit.headers().firstValue("Location").orElseThrow()).contains("/oauth2/authorization/idp");
        // the webapps' API without any login: nobody
        HttpResponse<String> definitions = anonymous.get("/camunda/api/engine/engine/" + ENGINE + "/process-definition");
        assertThat(definitions.statusCode()).isIn(401, 403);
    }
}
