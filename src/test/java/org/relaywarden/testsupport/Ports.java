package org.relaywarden.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for the servers a test starts. */
public final class Ports {

    private Ports() {
    }

    /** A port nothing listens on right now (the system's choice of a free ephemeral port). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
