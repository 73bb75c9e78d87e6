package org.relaywarden.compose;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.enforcement.postfix.PostfixProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compose/docker-compose.yml} is a stack Debian's docker-compose 1.29 accepts (installed by
 * .ci/setup.d/50-docker-compose.sh; no Docker engine is needed for {@code config}), and its parts
 * fit together: two Relaywarden nodes on PostgreSQL in cluster mode, a Postfix relay that asks
 * them through one policy endpoint and has the access map Relaywarden writes over SSH, and the
 * sample monitoring configuration that promtool and amtool check.
 */
class ComposeStackTest {

    static final Path COMPOSE = Path.of("compose/docker-compose.yml");

    /** What compose/.env holds on a provider's machine (the test's own values, not defaults). */
    static final Map<String, String> ENV = Map.of(
            "RELAYWARDEN_DB_PASSWORD", "test-db-password-1",
            "RELAYWARDEN_ADMIN_PASSWORD", "test-admin-password-2",
            "RELAY_CUSTOMER_PASSWORD", "test-customer-password-3");

    record Result(int exit, String out, String err) {
    }

    static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // whatever the developer's shell or compose/.env says, the test decides the variables
        pb.environment().keySet().removeIf(k -> k.startsWith("RELAYWARDEN_") || k.startsWith("RELAY_"));
        pb.environment().putAll(env);
        Path err = Files.createTempFile("compose", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    static Map<String, Object> stack;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void renderTheStack() throws Exception {
        Result r = run(ENV, "docker-compose", "-f", COMPOSE.toString(), "config");
        assertThat(r.exit()).as(r.err()).isZero();
        stack = new Yaml().load(r.out());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... keys) {
        Object m = o;
        for (String k : keys) {
            m = ((Map<String, Object>) m).get(k);
            assertThat(m).as(String.join(".", keys)).isNotNull();
        }
        return (Map<String, Object>) m;
    }

    static Map<String, Object> service(String name) {
        return map(stack, "services", name);
    }

    /**
     * Podman (4.3, the engine CI runs the stack on) splits a health check's CMD arguments at blanks:
     * {@code ["CMD", "bash", "-c", "exit 1"]} runs {@code bash -c exit} and passes. Every check is CMD-SHELL, or
     * a CMD whose arguments have no blank. (ComposeStackScenarioTest sees the balancer's turn unhealthy.)
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyHealthCheckMeansTheSameOnPodman() {
        List<String> checked = new ArrayList<>();
        for (var e : map(stack, "services").entrySet()) {
            Object hc = ((Map<String, Object>) e.getValue()).get("healthcheck");
            if (hc == null) {
                continue;
            }
            List<String> test = (List<String>) ((Map<String, Object>) hc).get("test");
            assertThat(test.get(0)).as(e.getKey()).isIn("CMD", "CMD-SHELL");
            if (test.get(0).equals("CMD")) {
                assertThat(test.subList(1, test.size())).as(e.getKey() + ": CMD arguments with blanks").noneMatch(a -> a.contains(" "));
            }
            checked.add(e.getKey());
        }
        assertThat(checked).contains("secrets", "postgres", "policy");
    }

    @Test
    void dockerComposeValidatesTheFile() throws Exception {
        Result r = run(ENV, "docker-compose", "-f", COMPOSE.toString(), "config", "-q");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** The check can fail: a key 1.29 does not know, and a missing password, are refused. */
    @Test
    void aBrokenCopyAndAMissingPasswordAreRefused() throws Exception {
        String file = Files.readString(COMPOSE);
        // next to the original, so that its relative paths (build contexts, mounted files) still resolve
        Path broken = COMPOSE.resolveSibling(".broken-" + ProcessHandle.current().pid() + ".yml");
        try {
            Files.writeString(broken, file.replace("  mailpit:\n    image:", "  mailpit:\n    no_such_option: 1\n    image:"));
            Result r = run(ENV, "docker-compose", "-f", broken.toString(), "config", "-q");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("no_such_option");
        } finally {
            Files.deleteIfExists(broken);
        }
        Map<String, String> withoutDbPassword = new HashMap<>(ENV);
        withoutDbPassword.put("RELAYWARDEN_DB_PASSWORD", "");
        Result r = run(withoutDbPassword, "docker-compose", "-f", COMPOSE.toString(), "config", "-q");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("set RELAYWARDEN_DB_PASSWORD in compose/.env");
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoNodesOnPostgresInClusterModeWithTheirOwnIds() {
        List<String> ids = new ArrayList<>();
        for (String node : List.of("relaywarden-1", "relaywarden-2")) {
            Map<String, Object> s = service(node);
            assertThat(map(s, "build")).containsEntry("dockerfile", "compose/relaywarden/Dockerfile");
            assertThat(Path.of((String) map(s, "build").get("context"))).isEqualTo(Path.of("").toAbsolutePath());
            Map<String, Object> env = map(s, "environment");
            assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
                    .containsEntry("RELAYWARDEN_DB_URL", "jdbc:postgresql://postgres:5432/relaywarden")
                    .containsEntry("RELAYWARDEN_DB_PASSWORD", "test-db-password-1")
                    .containsEntry("CAMUNDA_BPM_ADMINUSER_PASSWORD", "test-admin-password-2")
                    .containsEntry("RELAYWARDEN_POLICY_BIND", "0.0.0.0")
                    .containsEntry("RELAYWARDEN_MAIL_SERVER", "postfix")
                    .containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/etc/relaywarden/relays.yaml")
                    .containsEntry("SPRING_MAIL_HOST", "mailpit")
                    // provisioned at start from the files Prometheus and Alertmanager read (ProvisioningTest)
                    .containsEntry("RELAYWARDEN_MONITORING_PASSWORD_FILE", "/run/secrets/prometheus-password")
                    .containsEntry("RELAYWARDEN_ALERTMANAGER_TOKEN_FILE", "/run/secrets/alertmanager-token");
            ids.add((String) env.get("RELAYWARDEN_CLUSTER_NODE_ID"));
            assertThat((Map<String, Object>) map(s, "depends_on")).containsKeys("postgres", "postfix", "secrets");
            assertThat((List<Object>) s.get("volumes")).extracting(Object::toString)
                    .anyMatch(v -> v.startsWith("quarantine:/var/lib/relaywarden/quarantine"))
                    .anyMatch(v -> v.startsWith("relay-keys:/keys:ro"))
                    .anyMatch(v -> v.endsWith("compose/relaywarden/relays.yaml:/etc/relaywarden/relays.yaml:ro"))
                    // the files the service "secrets" makes once (ComposeStackScenarioTest starts it)
                    .anyMatch(v -> v.startsWith("secrets:/run/secrets:ro"));
        }
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(map(service("postgres"), "environment")).containsEntry("POSTGRES_PASSWORD", "test-db-password-1");
    }

    /** Other servers on the machine may have the default ports: every published host port can be moved in .env. */
    @Test
    @SuppressWarnings("unchecked")
    void theHostPortsAreConfigurable() throws Exception {
        Map<String, String> env = new HashMap<>(ENV);
        env.putAll(Map.of("RELAYWARDEN_NODE1_PORT", "18081", "RELAYWARDEN_NODE2_PORT", "18082", "RELAY_SMTP_PORT", "12525",
                "MAILPIT_PORT", "18025", "PROMETHEUS_PORT", "19090", "ALERTMANAGER_PORT", "19093"));
        Result r = run(env, "docker-compose", "-f", COMPOSE.toString(), "config");
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Object> moved = new Yaml().load(r.out());
        Map<String, String> published = new TreeMap<>();
        for (var e : map(moved, "services").entrySet()) {
            for (Object port : (List<Object>) ((Map<String, Object>) e.getValue()).getOrDefault("ports", List.of())) {
                published.put(e.getKey(), port.toString());
            }
        }
        assertThat(published).hasSize(6).allSatisfy((service, port) -> assertThat(port).containsPattern("published.?.?1[0-9]{4}"));
    }

    /** relays.yaml binds to Relaywarden's own settings, and names the relay, key and map the relay container has. */
    @Test
    void theRelayConfigurationIsOneRelaywardenReads() throws Exception {
        var sources = new YamlPropertySourceLoader().load("relays", new FileSystemResource("compose/relaywarden/relays.yaml"));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        PostfixProperties postfix = binder.bind("relaywarden.postfix", PostfixProperties.class).get();
        assertThat(binder.bind("relaywarden.mail-server", String.class).get()).isEqualTo("postfix");
        assertThat(postfix.relays()).containsOnlyKeys("relay-1");
        PostfixProperties.RelayProperties relay = postfix.relays().get("relay-1");
        assertThat(relay.transport()).isEqualTo("ssh");
        assertThat(relay.ssh().host()).isEqualTo("postfix").isEqualTo(map(service("postfix"), "environment").get("RELAY_SSH_NAME"));
        assertThat(relay.ssh().privateKey()).isEqualTo(Path.of("/keys/id_ed25519"));
        assertThat(relay.ssh().knownHosts()).isEqualTo(Path.of("/keys/known_hosts"));
        String entrypoint = Files.readString(Path.of("compose/postfix/entrypoint.sh"));
        assertThat(entrypoint).contains("/keys/id_ed25519", "/keys/known_hosts", "/root/.ssh/authorized_keys",
                "touch " + relay.accessMap(), "postmap hash:" + relay.accessMap());
        assertThat(Files.readString(Path.of("compose/postfix/main.cf"))).contains("maillog_file = " + relay.maillog());
    }

    /** Postfix itself (postconf, as in the Postfix tests) reads the relay's main.cf and master.cf. */
    @Test
    void theRelayAsksThePolicyServiceFirstThenTheAccessMap() throws Exception {
        String restrictions = postconf("-h", "smtpd_recipient_restrictions");
        assertThat(restrictions).startsWith("check_policy_service { inet:policy:10040, default_action=DUNNO");
        assertThat(restrictions.indexOf("check_sasl_access hash:/etc/postfix/relaywarden_sasl_access"))
                .isPositive().isLessThan(restrictions.indexOf("permit_sasl_authenticated"));
        assertThat(postconf("-h", "smtpd_end_of_data_restrictions")).isEqualTo("check_policy_service inet:policy:10040");
        assertThat(postconf("-h", "smtpd_policy_service_default_action")).isEqualTo("DUNNO");
        assertThat(postconf("-h", "enable_long_queue_ids")).isEqualTo("yes");
        assertThat(postconf("-h", "smtpd_sasl_auth_enable")).isEqualTo("yes");
        // no chroot: smtpd must see the sasldb and the map
        assertThat(postconf("-M", "smtp/inet")).matches("smtp\\s+inet\\s+n\\s+-\\s+n\\s+-\\s+-\\s+smtpd");
        String dockerfile = Files.readString(Path.of("compose/postfix/Dockerfile"));
        assertThat(dockerfile).contains("postfix sasl2-bin libsasl2-modules openssh-server",
                "COPY main.cf master.cf /etc/postfix/", "COPY smtpd.conf /etc/postfix/sasl/smtpd.conf");
        // the one policy endpoint is the balancer, and it has both nodes behind it on the policy port
        assertThat(stack).extractingByKey("services").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsKey("policy");
        String haproxy = Files.readString(Path.of("compose/policy/haproxy.cfg"));
        assertThat(haproxy).contains("bind :10040", "server node1 relaywarden-1:10040 check", "server node2 relaywarden-2:10040 check");
        // the engine's DNS from resolv.conf (Docker's 127.0.0.11 does not exist under podman: BalancerOnPodmanTest)
        assertThat(haproxy).contains("parse-resolv-conf", "monitor-uri /healthz");
        assertThat(haproxy.lines().filter(l -> !l.startsWith("#"))).noneMatch(l -> l.contains("127.0.0.11"));
        assertThat(map(service("policy"), "healthcheck").get("test").toString()).contains("/dev/tcp/127.0.0.1/8404", "/healthz");
        assertThat((List<Object>) service("policy").get("volumes")).extracting(Object::toString)
                .anyMatch(v -> v.endsWith("compose/policy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"));
    }

    static String postconf(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("postconf", "-c", "compose/postfix"));
        command.addAll(List.of(args));
        Result r = run(Map.of(), command.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).as("postconf warnings").isEmpty();
        return r.out().strip().replaceAll("\\s+", " ");
    }

    /** Prometheus and Alertmanager get exactly the files promtool and amtool check, where those files expect them. */
    @Test
    @SuppressWarnings("unchecked")
    void monitoringRunsTheCheckedSampleConfiguration() throws Exception {
        List<String> prometheus = ((List<Object>) service("prometheus").get("volumes")).stream().map(Object::toString).toList();
        assertThat(prometheus)
                .anyMatch(v -> v.endsWith("compose/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"))
                .anyMatch(v -> v.endsWith("compose/prometheus/relaywarden-rules.yml:/etc/prometheus/relaywarden-rules.yml:ro"))
                .anyMatch(v -> v.startsWith("secrets:/etc/prometheus/secrets:ro"));
        String prometheusYml = Files.readString(Path.of("compose/prometheus/prometheus.yml"));
        assertThat(prometheusYml).contains("- relaywarden-rules.yml", "password_file: /etc/prometheus/secrets/prometheus-password",
                "\"relaywarden-1:8080\", \"relaywarden-2:8080\"", "alertmanager:9093");
        List<String> alertmanager = ((List<Object>) service("alertmanager").get("volumes")).stream().map(Object::toString).toList();
        assertThat(alertmanager)
                .anyMatch(v -> v.endsWith("compose/alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro"))
                .anyMatch(v -> v.startsWith("secrets:/etc/alertmanager/secrets:ro"));
        assertThat(Files.readString(Path.of("compose/alertmanager/alertmanager.yml")))
                .contains("http://relaywarden:8080/api/v1/alerts/alertmanager", "credentials_file: /etc/alertmanager/secrets/alertmanager-token");
        // "relaywarden" in the receiver is a name both nodes answer to
        for (String node : List.of("relaywarden-1", "relaywarden-2")) {
            assertThat((List<String>) map(service(node), "networks", "default").get("aliases")).contains("relaywarden");
        }
        assertThat(service("mailpit")).containsKey("image");
    }

    /** The image: built from the repository, run unprivileged, healthy when Relaywarden is ready. */
    @Test
    void theDockerfileBuildsRunsUnprivilegedAndChecksReadiness() throws Exception {
        String dockerfile = Files.readString(Path.of("compose/relaywarden/Dockerfile"));
        assertThat(dockerfile).contains("FROM maven:", "AS build", "FROM eclipse-temurin:17-jre", "-DskipTests package",
                "USER relaywarden", "EXPOSE 8080 10040");
        assertThat(healthCheckPath()).isEqualTo("/actuator/health/readiness");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("target", "data", ".git");
    }

    /** The path the image's HEALTHCHECK asks (DockerHealthCheckTest asks it of the running application). */
    static String healthCheckPath() throws IOException {
        String dockerfile = Files.readString(Path.of("compose/relaywarden/Dockerfile"));
        var m = Pattern.compile("(?s)HEALTHCHECK.*?CMD curl -fsS http://127\\.0\\.0\\.1:8080(/\\S+)").matcher(dockerfile);
        assertThat(m.find()).as("HEALTHCHECK with curl in Dockerfile").isTrue();
        return m.group(1);
    }
}
