package org.relaywarden.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Speaks Postfix's policy delegation protocol to one node's policy service, as smtpd would. */
final class PolicyClient implements AutoCloseable {

    private static final AtomicLong INSTANCES = new AtomicLong();
    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    PolicyClient(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The action for one RCPT of a new mail transaction (a fresh instance: it counts as one message). */
    String rcpt(String login) {
        return ask(login, "RCPT", "mail-" + INSTANCES.incrementAndGet());
    }

    /** The action for the account at DATA: answered like any request, but not counted as traffic. */
    String peek(String login) {
        return ask(login, "DATA", "peek-" + INSTANCES.incrementAndGet());
    }

    String ask(String login, String state, String instance) {
        return ask(login, state, instance, "victim@remote.example", 0);
    }

    /**
     * One request of a transaction: at RCPT the recipient, at END-OF-MESSAGE the recipient count. The sender is the login
     * itself: these tests are about counting across nodes, not about the risk (on as shipped), which would hold a sender
     * that is not the account's after its third message.
     */
    String ask(String login, String state, String instance, String recipient, int recipientCount) {
        return ask(login, state, instance, login, "198.51.100.9", recipient, recipientCount);
    }

    /** One request of a transaction with its envelope sender and client address. */
    String ask(String login, String state, String instance, String sender, String client, String recipient, int recipientCount) {
        try {
            out.write(("request=smtpd_access_policy\nprotocol_state=" + state + "\nprotocol_name=ESMTP\nsasl_method=PLAIN\n"
                    + "sasl_username=" + login + "\nclient_address=" + client + "\nsender=" + sender + "\n"
                    + "recipient=" + recipient + "\nrecipient_count=" + recipientCount + "\ninstance=" + instance + "\n\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String action = in.readLine();
            in.readLine();
            return action;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One uncounted question on a connection of its own. */
    static String peek(int port, String login) {
        try (PolicyClient c = new PolicyClient(port)) {
            return c.peek(login);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
