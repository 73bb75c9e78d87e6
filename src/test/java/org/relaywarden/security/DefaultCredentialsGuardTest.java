package org.relaywarden.security;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.relaywarden.RelaywardenApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outside the demo profile, a default password stops the start and says whose it is. */
class DefaultCredentialsGuardTest {

    /** Command-line arguments, so that they win over application.yaml as they would in production. */
    static ConfigurableApplicationContext start(String adminPassword, String db) {
        return startWith(db, "--camunda.bpm.admin-user.id=admin", "--camunda.bpm.admin-user.password=" + adminPassword);
    }

    static ConfigurableApplicationContext startWith(String db, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=production",
                "--spring.datasource.url=jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--camunda.bpm.process-engine-name=" + db.replace("-", ""),
                // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                "--camunda.bpm.job-execution.enabled=false",
                "--relaywarden.quarantine.dir=" + System.getProperty("java.io.tmpdir") + "/" + db));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(RelaywardenApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * Issue 16.1: without an administrator, Camunda Admin's setup would let anybody create one (and deploy code).
     * Before the fix this start succeeded with no user at all.
     */
    @Test
    void noAdministratorRefusesTheStartAndSaysHowToCreateOne() {
        assertThatThrownBy(() -> startWith("guard-noadmin").close())
                .hasStackTraceContaining("refuses to start outside the demo profile")
                .hasStackTraceContaining("no Camunda administrator exists")
                .hasStackTraceContaining("CAMUNDA_BPM_ADMINUSER_ID");
    }

    @Test
    void aWellKnownPasswordRefusesTheStart() {
        assertThatThrownBy(() -> start("admin", "guard-weak").close())
                .hasStackTraceContaining("refuses to start outside the demo profile")
                .hasStackTraceContaining("user 'admin'")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("password=admin"));
    }

    /**
     * Issue 27.4: "Admin", "admin1" and "Passw0rd" were accepted as the administrator's password. Now the start stops
     * before the engine stores them, naming the user, what is wrong and the rule, never the password.
     */
    @Test
    void aWeakAdministratorPasswordStopsTheStartBeforeItIsStored() {
        for (String weak : new String[]{"Admin", "admin1", "Passw0rd", "Passw0rd!2026", "admin-is-my-name"}) {
            assertThatThrownBy(() -> start(weak, "guard-weak-admin").close())
                    .as(weak)
                    .hasStackTraceContaining("refuses to start outside the demo profile")
                    .hasStackTraceContaining("the password of user 'admin'")
                    .hasStackTraceContaining(SecretStrength.RULE)
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("password=" + weak).doesNotContain("'" + weak + "'"));
        }
    }

    @Test
    void aStrongPasswordStartsAndHasNoDemoUsers() {
        try (ConfigurableApplicationContext ctx = start("c0rrect-h0rse-battery-staple", "guard-strong")) {
            var identity = ctx.getBean(IdentityService.class);
            assertThat(identity.createUserQuery().userId("operator").count()).isZero();
            assertThat(identity.createUserQuery().userId("admin").count()).isEqualTo(1);
        }
    }

    private static String stackTrace(Throwable e) {
        var w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
