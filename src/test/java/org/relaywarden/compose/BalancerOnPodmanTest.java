package org.relaywarden.compose;

import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The policy balancer ({@code compose/policy/haproxy.cfg}, unchanged) in a container under rootful
 * podman (netavark, aardvark-dns), with the HAProxy stand-in image that .ci/setup.d/60-podman.sh
 * builds. The nodes are simulated: containers named {@code relaywarden-1} on the same network
 * that answer on the policy port with their name (the balancer is a TCP proxy; what speaks on the
 * port does not matter to it). Under podman the balancer must find a node that starts after it,
 * carry connections to it, and show when no node is up: health 503, the metric at 0, the log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancerOnPodmanTest {

    static final Path CONF = Path.of("compose/standins/containers.conf").toAbsolutePath();
    static final String IMAGE = "docker.io/library/haproxy:2.8";
    static final String TAG = "rwb" + ProcessHandle.current().pid();
    static final String NETWORK = TAG + "-net";
    static final String BALANCER = TAG + "-policy";
    static final String NODE1 = TAG + "-node1";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static Path work;
    static int healthPort;
    static int policyPort;

    record Result(int exit, String out) {
    }

    static Result podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", CONF.toString());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("podman " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return fail("podman is not installed (.ci/setup.d/60-podman.sh): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String podmanOk(String... args) {
        Result r = podman(args);
        assertThat(r.exit()).as("podman " + String.join(" ", args) + "\n" + r.out()).isZero();
        return r.out();
    }

    @BeforeAll
    static void startTheBalancerWithoutNodes() throws IOException {
        assertThat(podman("image", "exists", IMAGE).exit()).as("image " + IMAGE + " (built by .ci/setup.d/60-podman.sh)")
                .isZero();
        work = Files.createTempDirectory("rw-balancer-");
        // a simulated node: answers anything on the policy port with its name
        Files.writeString(work.resolve("node.cfg"), String.join("\n",
                "defaults", "  mode http", "  timeout client 5s", "  timeout connect 2s", "  timeout server 5s",
                "frontend policy", "  bind :10040", "  http-request return status 200 content-type text/plain string \"I am node1\"",
                ""));
        healthPort = Ports.freePort();
        policyPort = Ports.freePort();
        podmanOk("network", "create", NETWORK);
        podmanOk("run", "-d", "--name", BALANCER, "--network", NETWORK,
                "-v", Path.of("compose/policy/haproxy.cfg").toAbsolutePath() + ":/usr/local/etc/haproxy/haproxy.cfg:ro",
                "-p", "127.0.0.1:" + healthPort + ":8404", "-p", "127.0.0.1:" + policyPort + ":10040", IMAGE);
        await("the balancer answers on its monitoring port", Duration.ofSeconds(30), () -> health() > 0);
    }

    @AfterAll
    static void removeEverything() {
        podman("rm", "-f", "-t", "0", NODE1);
        podman("rm", "-f", "-t", "0", BALANCER);
        podman("network", "rm", "-f", NETWORK);
        if (work != null) {
            TestPostfix.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void withNoNodeTheBalancerSaysSoInHealthMetricAndLog() {
        assertThat(health()).isEqualTo(503);
        assertThat(get("/metrics")).contains("haproxy_backend_active_servers{proxy=\"relaywarden\"} 0");
        assertThat(podmanOk("logs", BALANCER)).contains("could not resolve address 'relaywarden-1'");
    }

    @Test
    @Order(2)
    void findsANodeThatStartsAfterItThroughTheEnginesDnsAndCarriesConnectionsToIt() {
        podmanOk("run", "-d", "--name", NODE1, "--network", NETWORK, "--network-alias", "relaywarden-1",
                "-v", work.resolve("node.cfg") + ":/node.cfg:ro", IMAGE, "haproxy", "-db", "-f", "/node.cfg");
        await("node1 healthy behind the balancer", Duration.ofSeconds(40), () -> health() == 200);
        assertThat(get("/metrics")).contains("haproxy_backend_active_servers{proxy=\"relaywarden\"} 1");
        assertThat(throughThePolicyPort()).contains("I am node1");
    }

    @Test
    @Order(3)
    void aNodeThatGoesAwayIsTakenOutAndTheBalancerIsUnhealthyAgain() {
        podmanOk("rm", "-f", "-t", "0", NODE1);
        await("no healthy node again", Duration.ofSeconds(30), () -> health() == 503);
        String log = podmanOk("logs", BALANCER);
        assertThat(log).contains("relaywarden/node1 changed its IP from (none)")
                .containsPattern("Server relaywarden/node1 is (going )?DOWN")
                .as("health checks and scrapes are not logged").doesNotContain("(monitoring/HTTP)");
        assertThat(log.lastIndexOf("backend relaywarden has no server available!"))
                .isGreaterThan(log.lastIndexOf("relaywarden/node1 changed its IP from (none)"));
        assertThat(get("/metrics")).contains("haproxy_backend_active_servers{proxy=\"relaywarden\"} 0");
    }

    /** A request through the balancer's policy port, as the relay's connection would go. */
    static String throughThePolicyPort() {
        try (Socket s = new Socket("127.0.0.1", policyPort)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    static int health() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/healthz"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** {@link Await#until} with the balancer's log when it gives up. */
    static void await(String what, Duration max, BooleanSupplier condition) {
        Await.until(what, max, condition, () -> "--- balancer log:\n" + podman("logs", BALANCER).out());
    }
}
