package org.relaywarden.testsupport.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A minimal SMTP client for tests: one session, kept open across transactions, with AUTH PLAIN. */
public final class SmtpTestClient implements AutoCloseable {

    /** An SMTP reply: its code and its (last) line. */
    public record Reply(int code, String text) {
        public boolean positive() {
            return code >= 200 && code < 400;
        }
    }

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
    }

    /** Connects, greets and (if a login is given) authenticates; fails if any of that is refused. */
    public static SmtpTestClient connect(int port, String login, String password) {
        try {
            SmtpTestClient c = new SmtpTestClient(port);
            expect(c.read(), 220);
            expect(c.command("EHLO client.test"), 250);
            if (login != null) {
                String token = Base64.getEncoder().encodeToString(("\0" + login + "\0" + password).getBytes(StandardCharsets.UTF_8));
                expect(c.command("AUTH PLAIN " + token), 235);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new session's AUTH PLAIN reply code (235 accepted, 535 refused). */
    public static int authCode(int port, String login, String password) {
        try (SmtpTestClient c = connect(port, null, null)) {
            String token = Base64.getEncoder().encodeToString(("\0" + login + "\0" + password).getBytes(StandardCharsets.UTF_8));
            return c.command("AUTH PLAIN " + token).code();
        }
    }

    private static void expect(Reply r, int code) {
        if (r.code() != code) {
            throw new IllegalStateException("expected " + code + ", got " + r);
        }
    }

    public Reply command(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply read() throws IOException {
        String line;
        while (true) {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by server");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        return new Reply(Integer.parseInt(line.substring(0, 3)), line);
    }

    public Reply mailFrom(String sender) {
        return command("MAIL FROM:<" + sender + ">");
    }

    public Reply rcptTo(String recipient) {
        return command("RCPT TO:<" + recipient + ">");
    }

    /** DATA, the message (LF or CRLF lines; dot-stuffed here), and the final reply. */
    public Reply data(String message) {
        Reply r = command("DATA");
        if (r.code() != 354) {
            return r;
        }
        String norm = message.replace("\r\n", "\n");
        if (!norm.endsWith("\n")) {
            norm += "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (String l : norm.substring(0, norm.length() - 1).split("\n", -1)) {
            sb.append(l.startsWith(".") ? "." + l : l).append("\r\n");
        }
        sb.append('.');
        return command(sb.toString());
    }

    /** One whole transaction: MAIL, RCPT for each recipient, DATA; the reply that ended it. */
    public Reply send(String sender, String message, String... recipients) {
        Reply r = mailFrom(sender);
        if (!r.positive()) {
            return r;
        }
        boolean any = false;
        Reply last = r;
        for (String rcpt : recipients) {
            last = rcptTo(rcpt);
            any |= last.positive();
        }
        if (!any) {
            command("RSET");
            return last;
        }
        return data(message);
    }

    @Override
    public void close() {
        try {
            command("QUIT");
        } catch (RuntimeException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed
        }
    }
}
