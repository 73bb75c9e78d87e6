package org.relaywarden.compose;

import org.relaywarden.testsupport.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The seed's story through the compose stack, started for real ({@link ComposeStack}: the repository's
 * {@code compose/docker-compose.yml} and {@code compose/relaywarden/Dockerfile}, rootful podman, the stand-in images) and
 * driven only through the stack's own parts, as a provider and a customer would:
 * <ol>
 *   <li>the customer's server submits spam to the relay container with SMTP AUTH while the mail catcher, the
 *   relay's only upstream (relayhost), is stopped: the mail stays deferred in the relay's queue, as the seed's did
 *   at a refusing internet;</li>
 *   <li>an alert is fired into Alertmanager's API and reaches a node through the sample receiver with the
 *   provisioned token; the relay refuses the account (the policy through the balancer, the access map written
 *   over SSH) and the queued mail is quarantined over SSH;</li>
 *   <li>the letter arrives in the mail catcher with a questionnaire link that works on node 1; the customer
 *   answers on node 2's page; an agent approves in node 2's engine REST API;</li>
 *   <li>the staged re-enable holds new mail in the relay's hold queue;</li>
 *   <li>the customer's server flushes a burst; node 1, which holds the lease for the scheduled work (the burst watch),
 *   is killed (SIGKILL, and kept down) in the middle of it; node 2 takes the lease over, sees the burst, re-suspends
 *   the account and quarantines the held mail, and the customer is told.</li>
 * </ol>
 * Nothing is lost or doubled: every spam message the relay accepted is quarantined exactly once (by its own
 * recipient), none reached the catcher, each letter reached it once and there is one letter of each kind.
 * Prometheus scrapes both nodes with the provisioned password; the policy services' refusals and HOLD answers show in
 * the nodes' own metrics (the access map gives the same answers, so the relay's reply alone would not tell). Timings
 * shortened for the test by a compose file laid over the stack's (job lock 30 s instead of 5 min, job retries every
 * 8 s, queue-claim grace 5 s), written below and named so.
 */
class ComposeStackScenarioTest {

    static final String ACCOUNT = "kunde@example.test";
    static final int FIRST_WAVE = 30;
    static final int WHILE_HELD = 3;
    static final int BURST = 60;
    /** Below the staged threshold (20): node 1 dies before it could have seen the burst. */
    static final int BURST_BEFORE_KILL = 12;
    static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: MailDev closes the connection on the h2c upgrade Java's client tries by default
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    static ComposeStack stack;
    static final Map<String, Long> steps = new LinkedHashMap<>();
    static long stepStart = System.nanoTime();

    @BeforeAll
    static void startTheStack() throws IOException {
        assertThat(System.getProperty("user.name")).as("the stack recipe runs rootful podman: run the tests as root (.ci/run)")
                .isEqualTo("root");
        Path state = Path.of("target/compose-stack").toAbsolutePath();
        // an earlier run's stack (-Dcompose.keep, or killed before its teardown): down first, by its PID files, then cleared
        new ComposeStack("rwci", state, 18500, List.of()).close();
        TestPostfix.deleteTree(state);
        Files.createDirectories(state);
        // shorter timings for the test only (the stack's own are the provider's): a killed node's jobs are taken over
        // after 30 s instead of 5 minutes; failed steps are retried every 8 s; a letter's sending claim below that
        Path timings = state.resolve("test-timings.yml");
        String env = String.join("\n",
                "      CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS: \"30000\"",
                "      RELAYWARDEN_PROCESS_RETRYCYCLE: R6/PT8S",
                "      RELAYWARDEN_LETTERS_SENDINGCLAIM: PT20S",
                "      RELAYWARDEN_QUEUE_CLAIM_GRACE: PT5S",
                // a machine loaded by many jobs: Redis commands may take over the stack's 100 ms (the node then counts alone)
                "      RELAYWARDEN_REDIS_TIMEOUT: PT1S",
                // this scenario walks the remediation after monitoring's alert (the seed's story: a wave that piled up
                // deferred, then the alert); with the risk on (the stack's default) the core would hold the wave's
                // forged senders itself after its third message. The risk on real relays: RiskOn{Postfix,Exim,Qmail}Test
                "      RELAYWARDEN_RISK_ENABLED: \"false\"");
        Files.writeString(timings, String.join("\n", "version: \"2.4\"", "services:",
                "  relaywarden-1:", "    environment:", env, "  relaywarden-2:", "    environment:", env, ""));
        stack = new ComposeStack("rwci", state, 18500, List.of(timings));
        ComposeStack.Result up = stack.up();
        System.out.println(up.out());
        if (up.exit() != 0) {
            fail("the stack did not come up (exit " + up.exit() + "):\n" + up.out() + "\n--- compose build (tail):\n"
                    + tail(state.resolve("compose-build.log"), 60) + "\n--- compose up:\n" + tail(state.resolve("compose-up.log"), 40)
                    + "\n--- node 1:\n" + stack.logs("relaywarden-1", 80));
        }
        step("stack up (images, containers, both nodes healthy)");
    }

    @AfterAll
    static void tearDown() {
        if (stack != null && Boolean.getBoolean("compose.keep")) {
            System.out.println("-Dcompose.keep: the stack stays up; take it down with STATE=" + stack.state + " PROJECT="
                    + stack.project + " bash compose/standins/stack-down.sh");
        } else if (stack != null) {
            stack.close();
            assertThat(stack.podman("ps", "-a", "-q", "--filter", "label=com.docker.compose.project=rwci").out().strip())
                    .as("no container of the stack left").isEmpty();
        }
    }

    @Test
    void theSeedsCaseThroughTheWholeStackWithNodeOneKilledMidway() throws Exception {
        // Prometheus scrapes both nodes with the provisioned monitoring password (and the balancer)
        await("Prometheus scraped both nodes successfully", Duration.ofSeconds(60), () -> scrapedUp().containsAll(
                Set.of("relaywarden-1:8080", "relaywarden-2:8080", "policy:8404")));
        step("Prometheus scrapes both nodes and the balancer");

        // node 1 is to die holding the lease for the scheduled work (the burst watch runs on the lease holder only), so
        // that node 2 has to take it over: if node 2 won it at the start, node 2 is restarted and node 1 takes it
        if (!"node1".equals(leaseOwner())) {
            stack.compose("restart", "relaywarden-2").orThrow("restart node 2");
            await("node 1 holds the lease", Duration.ofSeconds(120), () -> "node1".equals(leaseOwner()));
            await("node 2 back", Duration.ofSeconds(180), () -> api(stack.node2Port, "/api/v1/cases").isArray());
            step("node 2 restarted: node 1 holds the lease for the scheduled work");
        }

        // 1. the relay's upstream goes away; the customer's server relays spam, which stays deferred at the relay
        stack.compose("stop", "mailpit").orThrow("stop the mail catcher");
        try (SmtpTestClient customer = SmtpTestClient.connect(stack.smtpPort, ACCOUNT, stack.customerPassword)) {
            for (int i = 0; i < FIRST_WAVE; i++) {
                assertThat(customer.send("info@kunde.example", spam(i), victim(i)).code()).as("spam %d accepted", i).isEqualTo(250);
            }
        }
        await("the first wave sits deferred in the relay's queue", Duration.ofSeconds(90),
                () -> relayQueue("deferred").size() == FIRST_WAVE);
        step("first wave deferred at the relay");
        // both nodes count in the stack's Redis: the wave is counted once, together, whichever node each of smtpd's
        // policy connections reached through the balancer (RCPT over one, END-OF-MESSAGE over the other; docs/cluster.md)
        // (what a node counted while its breaker was open is merged when it closes: waited for, never more than the wave)
        await("the first wave's messages in the shared window", Duration.ofSeconds(60), () -> redisMessages(ACCOUNT) >= FIRST_WAVE);
        assertThat(redisMessages(ACCOUNT)).as("the first wave's messages in the shared window").isEqualTo(FIRST_WAVE);
        step("first wave counted once in Redis by both nodes");

        // 2. the alert, through Alertmanager and its sample receiver
        String alert = "[{\"labels\":{\"alertname\":\"RelayAccountDeferredQueue\",\"relaywarden\":\"remediate\",\"sasl_username\":\""
                + ACCOUNT + "\"},\"annotations\":{\"summary\":\"" + FIRST_WAVE + " messages deferred\"},\"startsAt\":\""
                + Instant.now() + "\"}]";
        HttpResponse<String> fired = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.alertmanagerPort
                + "/api/v2/alerts")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alert))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(200);
        await("a case for the account", Duration.ofSeconds(60), () -> caseId() != null);
        String caseId = caseId();
        JsonNode kase = api(stack.node2Port, "/api/v1/cases/" + caseId);
        assertThat(kase.path("source").asText()).isEqualTo("alertmanager");
        // the access map gives the same answer: that the policy service gave it is in the nodes' own metrics
        await("the relay refuses the account, the policy service through the balancer says so", Duration.ofSeconds(60),
                () -> relayAnswers().startsWith("451") && policyAnswers("refused") > 0);
        // the durable layer follows the policy layer (written over SSH after the state change)
        await("the access map, written over SSH, names the account", Duration.ofSeconds(60), () -> stack.exec("postfix", "cat",
                "/etc/postfix/relaywarden_sasl_access").orThrow("read the access map").out().contains(ACCOUNT));
        step("alert via Alertmanager -> case " + caseId + ", relay refuses (policy and access map)");

        await("the deferred mail is quarantined over SSH", Duration.ofSeconds(120),
                () -> quarantine(caseId).size() == FIRST_WAVE && relayQueue(null).isEmpty());
        step("first wave quarantined over SSH");

        // 3. the mail catcher is back; the letter arrives with a link that works
        stack.compose("start", "mailpit").orThrow("start the mail catcher");
        await("the first letter in the mail catcher", Duration.ofSeconds(120), () -> !catcher(kase.path("contact").asText()).isEmpty());
        await("waiting for answers", Duration.ofSeconds(60), () -> "AWAITING_ANSWERS".equals(stage(caseId)));
        JsonNode letter = catcher(kase.path("contact").asText()).get(0);
        Matcher link = Pattern.compile("http://localhost:" + stack.node1Port + "/q/([A-Za-z0-9_\\-]+)").matcher(letter.path("text").asText());
        assertThat(link.find()).as("questionnaire link in the letter:\n" + letter.path("text").asText()).isTrue();
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(link.group())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"cause\"");
        step("letter in the catcher, its link works on node 1");

        // the customer answers on node 2's page
        URI onNode2 = URI.create("http://127.0.0.1:" + stack.node2Port + "/q/" + link.group(1));
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(onNode2).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> fields = hiddenInputs(form.body());
        fields.put("cause", "An old test account on our Postfix had a guessed password; it relayed spam through you.");
        fields.put("prevention", "We deleted the account, changed all passwords and now allow SASL logins only from our office network.");
        fields.put("queueEmptied", "true");
        fields.put("queueOutput", "Mail queue is empty");
        HttpResponse<String> answered = HTTP.send(HttpRequest.newBuilder(onNode2).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies(form))
                .POST(HttpRequest.BodyPublishers.ofString(urlEncoded(fields))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(302);
        step("answers given on node 2's page");

        // the agent approves (second chance: the customer only relayed) in node 2's engine REST API
        await("the review task", Duration.ofSeconds(60), () -> reviewTask(caseId) != null);
        HttpResponse<String> approved = engineRest(stack.node2Port, "/engine-rest/task/" + reviewTask(caseId) + "/submit-form",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"},\"reviewComment\":{\"value\":\"relayed only: second chance\"}}}");
        assertThat(approved.statusCode()).as(approved.body()).isIn(200, 204);

        await("the staged re-enable", Duration.ofSeconds(120), () -> "STAGED_REENABLE".equals(stage(caseId))
                && "HELD".equals(relayState()));
        step("staged re-enable");

        // 5. new mail of the account is held, not delivered
        try (SmtpTestClient customer = SmtpTestClient.connect(stack.smtpPort, ACCOUNT, stack.customerPassword)) {
            for (int i = 0; i < WHILE_HELD; i++) {
                assertThat(customer.send("info@kunde.example", spam(FIRST_WAVE + i), victim(FIRST_WAVE + i)).code()).isEqualTo(250);
            }
        }
        await("the held mail in the relay's hold queue", Duration.ofSeconds(30), () -> relayQueue("hold").size() == WHILE_HELD);
        assertThat(policyAnswers("hold")).as("HOLD answers of the policy service (the access map holds too)")
                .isGreaterThanOrEqualTo(WHILE_HELD);
        assertThat(catcherSpam()).as("spam in the mail catcher").isZero();
        step("new mail held at the relay");

        // 4. the customer's server flushes its queue: a burst. Node 1, which holds the lease and so watches for bursts,
        // is killed after the first part of it (SIGKILL, and kept down); node 2 takes over the lease and the rest
        Set<Integer> accepted = new TreeSet<>();
        for (int i = 0; i < FIRST_WAVE + WHILE_HELD; i++) {
            accepted.add(i);
        }
        assertThat(leaseOwner()).isEqualTo("node1");
        String node1 = stack.container("relaywarden-1");
        int refused = 0;
        SmtpTestClient customer = SmtpTestClient.connect(stack.smtpPort, ACCOUNT, stack.customerPassword);
        try {
            for (int i = FIRST_WAVE + WHILE_HELD; i < FIRST_WAVE + WHILE_HELD + BURST; i++) {
                if (i == FIRST_WAVE + WHILE_HELD + BURST_BEFORE_KILL) {
                    stack.podman("kill", "--signal", "KILL", node1).orThrow("kill node 1");
                    stack.podman("stop", "-t", "0", node1);
                    step("node 1 killed after " + BURST_BEFORE_KILL + " messages of the burst");
                }
                SmtpTestClient.Reply r;
                try {
                    r = customer.send("info@kunde.example", spam(i), victim(i));
                } catch (UncheckedIOException e) {
                    // Postfix ends a session after smtpd_hard_error_limit refusals; the customer's server connects again
                    // (with the burst watch on every node the re-suspension comes early, so many are refused)
                    customer.close();
                    customer = SmtpTestClient.connect(stack.smtpPort, ACCOUNT, stack.customerPassword);
                    r = customer.send("info@kunde.example", spam(i), victim(i));
                }
                if (r.code() == 250) {
                    accepted.add(i);
                } else {
                    assertThat(r.code()).as("refused, not bounced: %s", r).isEqualTo(451);
                    refused++;
                    try {
                        customer.command("RSET");
                    } catch (UncheckedIOException e) {
                        customer.close();
                        customer = SmtpTestClient.connect(stack.smtpPort, ACCOUNT, stack.customerPassword);
                    }
                }
            }
        } finally {
            customer.close();
        }
        await("node 2 holds the lease", Duration.ofSeconds(90), () -> "node2".equals(leaseOwner()));
        await("suspended again", Duration.ofSeconds(60), () -> relayAnswers().startsWith("451"));
        await("the held mail quarantined and the customer told", Duration.ofSeconds(120),
                () -> quarantine(caseId).size() == accepted.size() && relayQueue(null).isEmpty()
                        && "AWAITING_ANSWERS".equals(stage(caseId)));
        assertThat(running(node1)).as("node 1 stayed down").isFalse();
        step("burst -> node 2 took over, suspended again, held mail quarantined (" + (accepted.size() - FIRST_WAVE)
                + " after the re-enable, " + refused + " refused)");

        // nothing lost, nothing doubled
        List<JsonNode> quarantined = quarantine(caseId);
        List<Integer> numbers = new ArrayList<>();
        Set<String> digests = new HashSet<>();
        for (JsonNode m : quarantined) {
            numbers.add(victimNumber(m.path("recipients").get(0).asText()));
            digests.add(m.path("sha256").asText());
        }
        assertThat(numbers).as("each accepted message quarantined once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(digests).hasSize(quarantined.size());
        assertThat(catcherSpam()).as("spam in the mail catcher").isZero();
        await("the second letter in the mail catcher", Duration.ofSeconds(60), () -> catcher(kase.path("contact").asText()).size() >= 2);
        JsonNode letters = api(stack.node2Port, "/api/v1/cases/" + caseId + "/letters");
        List<String> kinds = new ArrayList<>();
        Set<String> messageIds = new HashSet<>();
        letters.forEach(l -> {
            kinds.add(l.path("kind").asText());
            messageIds.add(l.path("messageId").asText());
        });
        assertThat(kinds).as("one letter of each kind").doesNotHaveDuplicates().contains("FIRST_NOTICE", "REENABLE_FAILED");
        List<String> delivered = catcher(kase.path("contact").asText()).stream().map(m -> "<" + m.path("messageId").asText() + ">")
                .toList();
        assertThat(delivered).as("each letter reached the catcher once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(messageIds.stream().map(id -> id.startsWith("<") ? id : "<" + id + ">").toList());

        // with no node left, the balancer says so, and the access map alone still refuses the suspended account
        stack.podman("stop", "-t", "5", stack.container("relaywarden-2")).orThrow("stop node 2");
        await("the balancer's container unhealthy with no node behind it", Duration.ofSeconds(60),
                () -> stack.exec("policy", "true").exit() == 0 && stack.podman("healthcheck", "run", stack.container("policy")).exit() != 0);
        assertThat(relayAnswers()).as("the access map refuses without any policy service").matches("[45]\\d\\d .*");
        step("no node: balancer unhealthy, access map still refuses");
        System.out.printf("case %s: quarantined %d, letters %s, steps %s%n", caseId, quarantined.size(), kinds, steps);
    }

    // ---- the customer ------------------------------------------------------------------------

    static String victim(int i) {
        return "victim" + i + "@remote.test";
    }

    static int victimNumber(String recipient) {
        Matcher m = Pattern.compile("victim(\\d+)@remote\\.test").matcher(recipient);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static String spam(int i) {
        return "From: <info@kunde.example>\nTo: <" + victim(i) + ">\nSubject: Cheap watches " + i
                + "\nX-Spam-Marker: cheap-watches\n\nOnly today.\n";
    }

    // ---- the relay ---------------------------------------------------------------------------

    /** The relay's queue entries of any sender (postqueue -j), optionally of one queue. */
    static List<JsonNode> relayQueue(String queueName) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stack.exec("postfix", "postqueue", "-j").orThrow("postqueue -j").out().lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (queueName == null || queueName.equals(n.path("queue_name").asText())) {
                        out.add(n);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(line, e);
                }
            }
        }
        return out;
    }

    /** What the relay answers the account's next message at RCPT (its policy through the balancer, then the access map). */
    static String relayAnswers() {
        try (SmtpTestClient c = SmtpTestClient.connect(stack.smtpPort, ACCOUNT, stack.customerPassword)) {
            c.mailFrom("info@kunde.example");
            String r = c.rcptTo("probe@remote.test").text();
            c.command("RSET");
            return r;
        }
    }

    /** The account's relay state as the nodes' policy services answer it (their shared table), without sending a message. */
    static String relayState() {
        String state = stack.sql("SELECT state FROM relay_state WHERE account = '" + ACCOUNT + "'");
        return state.isEmpty() ? "ACTIVE" : state;
    }

    static String leaseOwner() {
        return stack.sql("SELECT owner FROM cluster_lease WHERE name = 'scheduled-work' AND expires_at > now()");
    }

    /**
     * How many answers of this kind (dunno, hold, refused) the policy services of both nodes gave, from their own
     * metrics, read with the monitoring password the stack made (a node that is down counts 0).
     */
    static long policyAnswers(String action) {
        return metricSum("relaywarden_policy_requests_seconds_count\\{[^}]*action=\"" + action + "\"[^}]*}");
    }

    /** The sum over both nodes of the samples whose name and labels match (a node that is down counts 0). */
    static long metricSum(String sample) {
        String password = stack.exec("secrets", "cat", "/secrets/prometheus-password").orThrow("read the password").out().strip();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("monitoring:" + password).getBytes(StandardCharsets.UTF_8));
        Pattern count = Pattern.compile("^" + sample + " (\\S+)$", Pattern.MULTILINE);
        long sum = 0;
        for (int port : List.of(stack.node1Port, stack.node2Port)) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Authorization", auth).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("scrape with the provisioned password").isEqualTo(200);
                Matcher m = count.matcher(r.body());
                while (m.find()) {
                    sum += (long) Double.parseDouble(m.group(1));
                }
            } catch (IOException e) {
                // that node is down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return sum;
    }

    /**
     * The messages of the account in the limit window as the nodes counted them in the stack's Redis: the window's
     * running total of messages (hash {@code :v}, counter {@code m}, docs/cluster.md; the flood is minutes old, no bucket
     * has left the hour).
     */
    static long redisMessages(String account) {
        String total = stack.exec("redis", "redis-cli", "--raw", "HGET", "rw:{" + account + "}:v", "m").orThrow("read Redis").out()
                .strip();
        return total.isEmpty() ? 0 : Long.parseLong(total);
    }

    static boolean running(String container) {
        return stack.podman("inspect", "-f", "{{.State.Running}}", container).out().strip().equals("true");
    }

    // ---- the nodes ---------------------------------------------------------------------------

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + stack.adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode api(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", basic()).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> engineRest(int port, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", basic())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String caseId() {
        JsonNode found = api(stack.node2Port, "/api/v1/cases?q=" + ACCOUNT);
        return found.isArray() && found.size() == 1 ? found.get(0).path("caseId").asText() : null;
    }

    static String stage(String caseId) {
        return api(stack.node2Port, "/api/v1/cases/" + caseId).path("stage").asText();
    }

    static List<JsonNode> quarantine(String caseId) {
        List<JsonNode> out = new ArrayList<>();
        api(stack.node2Port, "/api/v1/cases/" + caseId + "/quarantine").forEach(out::add);
        return out;
    }

    static String reviewTask(String caseId) {
        JsonNode tasks = api(stack.node2Port, "/engine-rest/task?taskDefinitionKey=Task_ReviewAnswers&processInstanceBusinessKey=" + caseId);
        return tasks.size() == 1 ? tasks.get(0).path("id").asText() : null;
    }

    // ---- the mail catcher and Prometheus -----------------------------------------------------

    /** The messages in the mail catcher (MailDev's API, standing in for Mailpit) to this address. */
    static List<JsonNode> catcher(String to) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : catcherAll()) {
            for (JsonNode r : m.path("to")) {
                if (r.path("address").asText().equalsIgnoreCase(to)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    static JsonNode catcherAll() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.mailCatcherPort + "/email"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("mail catcher: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long catcherSpam() {
        long n = 0;
        for (JsonNode m : catcherAll()) {
            if (m.path("subject").asText().startsWith("Cheap watches")) {
                n++;
            }
        }
        return n;
    }

    /** The scrape targets Prometheus last scraped successfully. */
    static Set<String> scrapedUp() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.prometheusPort
                    + "/api/v1/targets")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Set<String> up = new HashSet<>();
            for (JsonNode t : JSON.readTree(r.body()).path("data").path("activeTargets")) {
                if ("up".equals(t.path("health").asText())) {
                    up.add(t.path("labels").path("instance").asText());
                }
            }
            return up;
        } catch (IOException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static Map<String, String> hiddenInputs(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>").matcher(html);
        while (m.find()) {
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(m.group());
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(m.group());
            if (name.find()) {
                out.put(name.group(1), value.find() ? value.group(1).replace("&amp;", "&") : "");
            }
        }
        return out;
    }

    static String cookies(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).collect(Collectors.joining("; "));
    }

    static String urlEncoded(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static void step(String name) {
        long now = System.nanoTime();
        steps.put(name, Duration.ofNanos(now - stepStart).toMillis());
        stepStart = now;
        System.out.printf("step %-70s %7d ms%n", name, steps.get(name));
    }

    /** {@link Await#until} with the stack's logs, cases, jobs and mail when it gives up. */
    static void await(String what, Duration max, BooleanSupplier condition) {
        Await.until(what, max, condition, () -> "--- node 2:\n" + diagnose(() -> stack.logs("relaywarden-2", 60))
                    + "\n--- node 1:\n" + diagnose(() -> stack.logs("relaywarden-1", 30))
                    + "\n--- relay:\n" + diagnose(() -> stack.logs("postfix", 30))
                    + "\n--- cases:\n" + diagnose(() -> stack.sql("SELECT id, account, stage, contact FROM remediation_case"))
                    + "\n--- jobs:\n" + diagnose(() -> stack.sql("SELECT handler_type_, lock_owner_, retries_, exception_msg_ FROM act_ru_job"))
                    + "\n--- incidents:\n" + diagnose(() -> stack.sql("SELECT activity_id_, incident_msg_ FROM act_ru_incident"))
                + "\n--- mail catcher:\n" + diagnose(() -> catcherAll().toString()));
    }

    static String diagnose(Supplier<String> what) {
        try {
            return what.get();
        } catch (RuntimeException e) {
            return "(not readable: " + e.getMessage() + ")";
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + file + ": " + e + ")";
        }
    }
}
