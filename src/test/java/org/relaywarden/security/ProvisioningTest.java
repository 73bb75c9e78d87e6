package org.relaywarden.security;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stack's first start makes what it needs from its secret files (the very files Prometheus and
 * Alertmanager read) and the environment: the administrator becomes an operator, the monitoring user
 * gets the file's password, the file's token becomes the Alertmanager token. Outside the demo profile,
 * as in compose; each start is a real application context on a named H2 database that outlives it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProvisioningTest {

    static final String ADMIN_PW = "c0rrect-h0rse-battery-staple";
    static final String MONITORING_PW = "Scrape-Me-9-Times-Tuesday";
    static final String TOKEN = "rw_Q2hvb3NlIHlvdXIgb3duOiB0aGlzIGlzIGEgdGVzdCB0b2tlbg";
    static Path dir;

    @BeforeAll
    static void files() throws Exception {
        dir = Files.createTempDirectory("rw-provisioning-");
    }

    @AfterAll
    static void clean() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static ConfigurableApplicationContext start(String db, String password, String token) throws Exception {
        Path pw = dir.resolve(db + "-prometheus-password");
        Path tk = dir.resolve(db + "-alertmanager-token");
        // as a provider writes them: printf or an editor's newline at the end
        Files.writeString(pw, password + "\n");
        Files.writeString(tk, token);
        return DefaultCredentialsGuardTest.startWith(db, "--camunda.bpm.admin-user.id=admin",
                "--camunda.bpm.admin-user.password=" + ADMIN_PW,
                "--relaywarden.provisioning.monitoring-password-file=" + pw,
                "--relaywarden.provisioning.alertmanager-token-file=" + tk);
    }

    static int scrape(ConfigurableApplicationContext ctx, String user, String password) throws Exception {
        String port = ctx.getEnvironment().getProperty("local.server.port");
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int tokenRows(ConfigurableApplicationContext ctx) {
        return ctx.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM api_token WHERE name = 'alertmanager'",
                Integer.class);
    }

    @Test
    void theFirstStartProvisionsEverythingAndTheNextChangesNothing(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext ctx = start("prov-main", MONITORING_PW, TOKEN)) {
            IdentityService identity = ctx.getBean(IdentityService.class);
            assertThat(identity.createUserQuery().userId("admin").memberOfGroup(Roles.OPERATORS).count()).isEqualTo(1);
            assertThat(identity.createUserQuery().userId("monitoring").memberOfGroup(Roles.MONITORING).count()).isEqualTo(1);
            assertThat(identity.checkPassword("monitoring", MONITORING_PW)).isTrue();
            assertThat(ctx.getBean(ApiTokens.class).authenticate(TOKEN)).get()
                    .satisfies(t -> assertThat(t.groups()).containsExactly(Roles.MONITORING));
            assertThat(scrape(ctx, "monitoring", MONITORING_PW)).as("Prometheus's scrape with the file's password").isEqualTo(200);
            assertThat(scrape(ctx, "monitoring", "wrong-password-1234")).isEqualTo(401);
        }
        try (ConfigurableApplicationContext ctx = start("prov-main", MONITORING_PW, TOKEN)) {
            assertThat(tokenRows(ctx)).isEqualTo(1);
            assertThat(ctx.getBean(ApiTokens.class).authenticate(TOKEN)).isPresent();
            assertThat(ctx.getBean(IdentityService.class).createUserQuery().memberOfGroup(Roles.MONITORING).count()).isEqualTo(1);
            assertThat(scrape(ctx, "monitoring", MONITORING_PW)).isEqualTo(200);
        }
        assertThat(output.getAll()).contains("provisioning: API token 'alertmanager' created", "monitoring user 'monitoring' created")
                .doesNotContain(MONITORING_PW, TOKEN, TOKEN.substring(3));
    }

    @Test
    void newValuesInTheFilesReplaceTheOldOnesAndARevokedTokenIsNotRevived() throws Exception {
        String newToken = "rw_bmV3IHRva2VuIGFmdGVyIHJvdGF0aW9uIC0gMTIzNDU2Nzg5MA";
        try (ConfigurableApplicationContext ctx = start("prov-rotate", MONITORING_PW, TOKEN)) {
            assertThat(ctx.getBean(ApiTokens.class).authenticate(TOKEN)).isPresent();
        }
        try (ConfigurableApplicationContext ctx = start("prov-rotate", "Another-Strong-Pass-77", newToken)) {
            ApiTokens tokens = ctx.getBean(ApiTokens.class);
            assertThat(tokens.authenticate(TOKEN)).isEmpty();
            assertThat(tokens.authenticate(newToken)).isPresent();
            assertThat(tokenRows(ctx)).isEqualTo(1);
            IdentityService identity = ctx.getBean(IdentityService.class);
            assertThat(identity.checkPassword("monitoring", MONITORING_PW)).isFalse();
            assertThat(identity.checkPassword("monitoring", "Another-Strong-Pass-77")).isTrue();
            assertThat(tokens.revoke("alertmanager")).isTrue();
        }
        try (ConfigurableApplicationContext ctx = start("prov-rotate", "Another-Strong-Pass-77", newToken)) {
            assertThat(ctx.getBean(ApiTokens.class).authenticate(newToken)).as("revoked by an operator: stays revoked").isEmpty();
        }
    }

    @Test
    void aWeakPasswordOrTokenInTheFilesRefusesTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> start("prov-weak", "placeholder", TOKEN).close())
                .hasStackTraceContaining("too weak for user 'monitoring'")
                .hasStackTraceContaining("prov-weak-prometheus-password")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("'placeholder'", "=placeholder"));
        String weakToken = "rw_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        assertThatThrownBy(() -> start("prov-weak", MONITORING_PW, weakToken).close())
                .hasStackTraceContaining("is not a strong API token")
                .hasStackTraceContaining("prov-weak-alertmanager-token")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(weakToken));
    }

    /** What counts as weak (the start above refuses each the same way); the rule itself: SecretStrengthTest. */
    @Test
    void weakPasswordsAndTokens() {
        for (String weak : new String[]{"placeholder", "relaywarden", "Monitoring2024!", "short-1", "aaaaaaaaaaaaaaaa", "changeme",
                "password1234", "Passw0rd-2026"}) {
            assertThat(SecretStrength.passwordProblem(weak, "monitoring")).as(weak).isPresent();
        }
        assertThat(SecretStrength.passwordProblem(MONITORING_PW, "monitoring")).isEmpty();
        for (String weak : new String[]{"placeholder", "rw_short", "rw_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TOKEN + "!",
                TOKEN.substring(3), "rw_" + "x".repeat(100), "rw_abcdefghijklmnopqrstuvwxyz0123456789"}) {
            assertThat(SecretStrength.tokenProblem(weak)).as(weak).isPresent();
        }
        assertThat(SecretStrength.tokenProblem(TOKEN)).isEmpty();
    }

    /** Issue 27.4: "password1234" and a sequential token were provisioned; the start now stops and says why. */
    @Test
    void aWellKnownPasswordWithDigitsOrASequentialTokenRefusesTheStart() {
        assertThatThrownBy(() -> start("prov-digits", "password1234", TOKEN).close())
                .hasStackTraceContaining("too weak for user 'monitoring': a well-known password")
                .hasStackTraceContaining("at least 12 characters")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("password1234"));
        String sequential = "rw_abcdefghijklmnopqrstuvwxyz0123456789";
        assertThatThrownBy(() -> start("prov-sequential", MONITORING_PW, sequential).close())
                .hasStackTraceContaining("is not a strong API token: not random")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(sequential));
    }

    private static String stackTrace(Throwable e) {
        var w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
