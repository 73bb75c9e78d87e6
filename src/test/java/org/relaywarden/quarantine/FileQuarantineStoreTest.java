package org.relaywarden.quarantine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileQuarantineStoreTest {

    @TempDir
    Path dir;

    @Test
    void storesVerifiesAndReadsBackByteForByte() throws Exception {
        FileQuarantineStore store = new FileQuarantineStore(dir);
        byte[] mail = "Subject: x\r\n\r\nbody\u00e4".getBytes(StandardCharsets.UTF_8);
        String sha = store.put("7/sandbox/ABC123.eml", mail);
        assertThat(sha).isEqualTo(FileQuarantineStore.sha256(mail)).hasSize(64);
        assertThat(store.read("7/sandbox/ABC123.eml")).isEqualTo(mail);
        assertThat(store.exists("7/sandbox/ABC123.eml")).isTrue();
        // a second put of the same message replaces it; no temporary files are left behind
        store.put("7/sandbox/ABC123.eml", mail);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
                    .containsExactly("ABC123.eml");
        }
    }

    /** {@code n} small messages of case {@code caseId} on relay-1, keyed as the quarantine keys them. */
    static Map<String, byte[]> batch(int caseId, int n) {
        Map<String, byte[]> batch = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            batch.put(caseId + "/relay-1/ID" + i + ".eml", ("Subject: " + i + "\n\nbody " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return batch;
    }

    @Test
    void storesABatchDurablyTogetherAndVerifiesEachCopy() throws Exception {
        FileQuarantineStore store = new FileQuarantineStore(dir);
        Map<String, byte[]> batch = batch(8, 50);
        Map<String, String> shas = store.putAll(batch);
        assertThat(shas).hasSize(50);
        batch.forEach((key, mail) -> {
            assertThat(shas.get(key)).isEqualTo(FileQuarantineStore.sha256(mail));
            assertThat(store.read(key)).isEqualTo(mail);
        });
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.eml", "7/../../escape.eml", "/etc/passwd", "7/sandbox/a b.eml", "7\\x.eml", "", "7//x"})
    void refusesKeysThatLeaveTheFolder(String key) {
        FileQuarantineStore store = new FileQuarantineStore(dir);
        assertThatThrownBy(() -> store.put(key, new byte[]{1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchReplacesWhatACrashedRunLeftHalfWritten() throws Exception {
        FileQuarantineStore store = new FileQuarantineStore(dir);
        Files.createDirectories(dir.resolve("9/relay-1"));
        Files.writeString(dir.resolve("9/relay-1/ID0.eml"), "Subject: 0\n\nbody 0 and a longer tail that a crash left behind\n");
        Files.writeString(dir.resolve("9/relay-1/ID1.eml"), "Subj");
        Map<String, byte[]> batch = batch(9, 40);
        store.putAll(batch);
        batch.forEach((key, mail) -> assertThat(store.read(key)).isEqualTo(mail));
    }

    @Test
    void aFailedWriteInEitherHalfFailsTheBatch() throws Exception {
        FileQuarantineStore store = new FileQuarantineStore(dir);
        Map<String, byte[]> batch = batch(10, 40);
        // a folder where the last message's file would go: that write fails (it is in the second writer's half)
        Files.createDirectories(dir.resolve("10/relay-1/ID39.eml"));
        assertThatThrownBy(() -> store.putAll(batch)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot store 40 messages");
        Files.delete(dir.resolve("10/relay-1/ID39.eml"));
        // and in the first half (the failed batch had written this one)
        Files.delete(dir.resolve("10/relay-1/ID0.eml"));
        Files.createDirectories(dir.resolve("10/relay-1/ID0.eml"));
        assertThatThrownBy(() -> store.putAll(batch)).isInstanceOf(UncheckedIOException.class);
    }
}
