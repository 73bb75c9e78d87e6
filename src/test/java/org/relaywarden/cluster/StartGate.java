package org.relaywarden.cluster;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A test's starting gate for nodes that are separate processes: each node, its JVM up and its
 * classes loaded, announces itself ({@code GATE.NODE.waiting}) and waits before its context is
 * refreshed (before Flyway, the engine, any bean) until the test opens the gate (creates
 * {@code GATE}). Then all nodes reach the database at the same moment, as containers that
 * compose starts together do. Registered in the test classpath's {@code META-INF/spring.factories};
 * does nothing unless a node is started with {@code --test.start-gate=PATH}.
 */
public class StartGate implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String gate = context.getEnvironment().getProperty("test.start-gate");
        if (gate == null) {
            return;
        }
        Path open = Path.of(gate);
        String node = context.getEnvironment().getProperty("relaywarden.cluster.node-id", "node");
        try {
            Files.writeString(Path.of(gate + "." + node + ".waiting"), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!Files.exists(open)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("start gate " + gate + " not opened within 3 minutes");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
