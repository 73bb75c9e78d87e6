package org.relaywarden.enforcement.exim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #29 (figure 9 added up 1,002 of 1,000 on Exim): can one message end up in two places, part at Exim and part
 * at the customer's Postfix, when its account is suspended between its two RCPTs? A real customer's Postfix relays a
 * message of two recipients through a real Exim with the ACL blocks of {@code docs/exim.md}; the policy service is
 * SIMULATED (a socket that answers HOLD at the first RCPT and, before answering, writes the suspended-logins file as
 * Relaywarden does when it suspends; at the end of data it answers as told). Seen: the message's second RCPT is
 * accepted all the same (the policy's answer lasts for the message, and the file's lookup is not read anew within it),
 * so the message is never split: whole at Exim, or whole at the customer's. Released, it reaches the sink once.
 */
class SplitMessageOnEximTest {

    static final String LOGIN = "split@ex-split.example";
    static final String PW = "pw-split";
    static final String FIRST = "victim7@first7.test";
    static final String SECOND = "victim7@second7.test";

    SmtpSink sink;
    TestExim exim;
    TestPostfix customer;
    ServerSocket simulatedPolicy;
    final List<Socket> connections = new CopyOnWriteArrayList<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    volatile boolean suspending = true;
    /** What the simulated service answers at the end of data while suspending; null: nothing (Exim gives up after 2 s). */
    volatile String endOfData;
    /** The simulated service answers DUNNO at RCPT and HOLD at the end of data (held after the message's RCPTs). */
    volatile boolean lateHold;

    @AfterEach
    void stop() {
        TestPostfix.closeAll(null, customer, exim, simulatedPolicy, sink);
        connections.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        });
    }

    /** SIMULATED policy service: see the class comment; after {@code suspending} is cleared, DUNNO to everything. */
    void startSimulatedPolicy() throws IOException {
        simulatedPolicy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!simulatedPolicy.isClosed()) {
                try {
                    Socket s = simulatedPolicy.accept();
                    connections.add(s);
                    Thread t = new Thread(() -> serve(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket s) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = s.getOutputStream();
            StringBuilder request = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    request.append(line).append('\n');
                    continue;
                }
                String r = request.toString();
                request.setLength(0);
                String state = r.replaceAll("(?s).*protocol_state=(\\S+).*", "$1");
                asked.add(state);
                if (lateHold) {
                    out.write((state.equals("RCPT") ? "action=DUNNO\n\n" : "action=HOLD held for review, case RW-29\n\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } else if (!suspending) {
                    out.write("action=DUNNO\n\n".getBytes(StandardCharsets.US_ASCII));
                } else if (state.equals("RCPT")) {
                    // held now, and suspended before the message's next RCPT (the file written before the answer)
                    exim.writeSuspended(LOGIN + ": 451 4.7.1 relaying suspended, case RW-29\n");
                    out.write("action=HOLD held for review, case RW-29\n\n".getBytes(StandardCharsets.US_ASCII));
                } else if (endOfData != null) {
                    out.write(("action=" + endOfData + "\n\n").getBytes(StandardCharsets.US_ASCII));
                }
                // else END-OF-MESSAGE unanswered: the client gives up after 2 s and Exim fails open
                out.flush();
            }
        } catch (IOException closed) {
            // the client dropped the connection (after its timeout)
        }
    }

    void start() throws IOException {
        startSimulatedPolicy();
        sink = SmtpSink.start();
        exim = TestExim.named("split").relayTo(sink.port()).policyService(simulatedPolicy.getLocalPort()).user(LOGIN, PW)
                .build().start();
        customer = TestPostfix.customerOf("custsplit", exim.smtpPort(), LOGIN, PW);
        assertThat(Flood.submit(customer.smtpPort(), null, null, i -> "info7@forged7.test", 1, 1,
                i -> "Subject: split " + i + "\nissue-29-split\n\nx\n", i -> new String[]{FIRST, SECOND})).hasSize(1);
    }

    @Test
    void suspendedBetweenItsRcptsWithItsEndOfDataUnansweredAMessageIsHeldWholeAtEximAndSentOnceWhenReleased()
            throws Exception {
        start();
        assertThat(Await.within(Duration.ofSeconds(60), () -> exim.queued(TestExim.HOLD_QUEUE).size() == 1
                && customer.queued() == 0)).as("%s / %s / %s", exim.queued(TestExim.HOLD_QUEUE), customer.queuedRecipients(),
                exim.mainlog()).isTrue();
        String id = exim.queued(TestExim.HOLD_QUEUE).get(0);
        String header = Files.readString(exim.spool().resolve(TestExim.HOLD_QUEUE + "/input/" + id + "-H"));
        assertThat(header).as("both recipients, though the file said suspended before the second RCPT").contains(FIRST)
                .contains(SECOND);
        assertThat(asked).containsExactly("RCPT", "END-OF-MESSAGE");
        assertThat(Files.readString(exim.suspendedFile())).contains(LOGIN + ": 451");
        assertThat(exim.mainlog()).doesNotContain("rejected RCPT");
        assertThat(customer.maillog()).containsPattern("to=<" + SECOND + ">.*status=sent");
        assertThat(exim.held() + customer.queued()).as("one message, in one place").isEqualTo(1);

        // released (a false alarm): from the hold queue to the sink, once; the customer's server has nothing to send again
        suspending = false;
        exim.writeSuspended("");
        exim.exim("-qG" + TestExim.HOLD_QUEUE, "-MG", "", id).orThrow();
        exim.exim("-M", id).orThrow();
        customer.flush();
        assertThat(Await.within(Duration.ofSeconds(60), () -> sink.count("issue-29-split") == 1)).as("%s", exim.mainlog())
                .isTrue();
        Thread.sleep(2000); // a second copy, if one were under way, would reach the sink within this
        assertThat(sink.count("issue-29-split")).isEqualTo(1);
        assertThat(customer.queued()).isZero();
    }

    @Test
    void suspendedBetweenItsRcptsWithItsEndOfDataAnsweredAMessageIsRefusedWholeAndKeptAtTheCustomers() throws Exception {
        endOfData = "451 4.7.1 relaying suspended, case RW-29";
        start();
        assertThat(Await.within(Duration.ofSeconds(60), () -> customer.queuedRecipients().equals(List.of(List.of(FIRST, SECOND)))
                && exim.mainlog().contains("relaying suspended, case RW-29"))).as("%s / %s", customer.queuedRecipients(),
                exim.mainlog()).isTrue();
        assertThat(exim.held()).isZero();
        assertThat(exim.queued("")).isEmpty();
        assertThat(exim.mainlog()).doesNotContain("rejected RCPT");
        assertThat(asked).containsExactly("RCPT", "END-OF-MESSAGE");
    }

    /**
     * A message held at its end of data is accepted frozen into the default queue (docs/exim.md): a queue run leaves it
     * (also {@code -qf}, which figure 9 runs), but {@code exim -qff} thaws and delivers it. Figure 9 ran {@code -qff}
     * until issue #29.
     */
    @Test
    void aMessageHeldFrozenAtItsEndOfDataStaysThroughQfButEximQffDeliversIt() throws Exception {
        lateHold = true;
        start();
        assertThat(Await.within(Duration.ofSeconds(60), () -> exim.held() == 1 && customer.queued() == 0))
                .as("%s / %s", exim.queued(""), exim.mainlog()).isTrue();
        String id = exim.queued("").get(0);
        assertThat(exim.frozen(id)).isTrue();
        assertThat(exim.mainlog()).contains("relaywarden: held at the end of data, frozen: held for review, case RW-29");
        exim.flush(); // -qf
        Thread.sleep(3000); // a delivery would reach the sink within this
        assertThat(sink.count("issue-29-split")).isZero();
        assertThat(exim.frozen(id)).isTrue();

        exim.exim("-qff").orThrow();
        assertThat(Await.within(Duration.ofSeconds(30), () -> sink.count("issue-29-split") == 1)).as("%s", exim.mainlog())
                .isTrue();
        assertThat(exim.mainlog()).contains(id + " Unfrozen by forced delivery");
        assertThat(exim.held()).isZero();
    }
}
