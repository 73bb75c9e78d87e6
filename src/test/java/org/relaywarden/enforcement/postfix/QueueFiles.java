package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A test Postfix's queue read file by file, as the adapter's {@link QueueFile} reads one. */
public final class QueueFiles {

    private QueueFiles() {
    }

    /**
     * The message of every queue file in the incoming, active and deferred queues of {@code postfix}: stop it first, so
     * that its queue holds still (running, it moves files between active and deferred under the walk).
     */
    public static List<byte[]> messages(TestPostfix postfix) {
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(postfix.root().resolve("queue"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(QueueFiles::waitingForDelivery).toList()) {
                QueueFile.message(Files.readAllBytes(f)).ifPresent(messages::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    private static boolean waitingForDelivery(Path file) {
        String folder = file.getParent().toString();
        return folder.contains("/queue/deferred") || folder.endsWith("/queue/active") || folder.endsWith("/queue/incoming");
    }
}
