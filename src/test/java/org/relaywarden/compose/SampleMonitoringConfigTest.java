package org.relaywarden.compose;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample Prometheus rules and Alertmanager configuration in {@code compose/} are valid for
 * the real tools (Debian's promtool and amtool, installed by .ci/setup.d/40-monitoring-tools.sh),
 * and the Alertmanager receiver points at Relaywarden's webhook with the account label it reads.
 */
class SampleMonitoringConfigTest {

    /** Runs a tool; returns its standard output, with standard error in the failure message only. */
    static String run(String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("tool", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out + Files.readString(err)).isZero();
        Files.delete(err);
        return out;
    }

    @Test
    void prometheusRulesAndConfigCheck() throws Exception {
        assertThat(run("promtool", "check", "rules", "compose/prometheus/relaywarden-rules.yml")).contains("SUCCESS: 7 rules found");
        // promtool resolves rule_files relative to the config; the password file need not exist for the check
        assertThat(run("promtool", "check", "config", "--syntax-only", "compose/prometheus/prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void alertmanagerConfigChecksAndSendsAccountAlertsToRelaywarden() throws Exception {
        Path dir = Files.createTempDirectory("am");
        String config = Files.readString(Path.of("compose/alertmanager/alertmanager.yml"));
        // amtool also opens the credentials file: give it one
        Path token = dir.resolve("token");
        Files.writeString(token, "rw_sample");
        Path copy = dir.resolve("alertmanager.yml");
        Files.writeString(copy, config.replace("/etc/alertmanager/secrets/alertmanager-token", token.toString()));
        assertThat(run("amtool", "check-config", copy.toString())).contains("SUCCESS");
        String routed = run("amtool", "config", "routes", "test", "--config.file=" + copy, "relaywarden=remediate",
                "sasl_username=kunde@example.test", "alertname=RelayAccountDeferredQueue");
        assertThat(routed.strip()).isEqualTo("relaywarden");
        assertThat(config).contains("/api/v1/alerts/alertmanager", "send_resolved: true");
        assertThat(Files.readString(Path.of("compose/prometheus/relaywarden-rules.yml"))).contains("sum by (sasl_username)");
        for (Path f : List.of(token, copy, dir)) {
            Files.delete(f);
        }
    }
}
