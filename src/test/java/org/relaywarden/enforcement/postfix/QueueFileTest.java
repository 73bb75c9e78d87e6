package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.command.TarEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The queue-file renderer on records built here (the cases real Postfix rarely writes: pointers,
 * deleted text, a continued line at the end, broken files), and the tar reader on GNU tar's own
 * output. Byte-equality with postcat on real queue files is in PolicyAndAccessMapOnPostfixTest.
 */
class QueueFileTest {

    /** A queue file: size record with the data offset, an envelope record, 'M', the text records, 'X', 'E'. */
    static byte[] file(byte[]... content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] r : content) {
            body.writeBytes(r);
        }
        byte[] envelope = record('S', "sender@example.test");
        byte[] mesg = record('M', "0");
        // fixed-width fields, as Postfix writes them: the record's length does not depend on the offset it names
        int offset = record('C', "%15d %15d %6d".formatted(0, 0, 0)).length + envelope.length + mesg.length;
        byte[] size = record('C', "%15d %15d %6d".formatted(body.size(), offset, 1));
        return concat(size, envelope, mesg, body.toByteArray(), record('X', ""), record('E', ""));
    }

    static byte[] record(char type, String data) {
        return record(type, data.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] record(char type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int len = data.length;
        do {
            int b = len & 0x7f;
            len >>>= 7;
            out.write(len != 0 ? b | 0x80 : b);
        } while (len != 0);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void normalRecordsAreLinesContinuedRecordsJoinAndALongRecordLengthTakesSeveralBytes() {
        String longLine = "x".repeat(70_000);
        byte[] f = file(record('N', "Subject: hi"), record('N', ""), record('L', "first half "), record('N', "second half"),
                record('N', longLine), record('L', "no newline at the end"));
        assertThat(QueueFile.message(f)).hasValueSatisfying(m -> assertThat(text(m))
                .isEqualTo("Subject: hi\n\nfirst half second half\n" + longLine + "\nno newline at the end\n"));
    }

    @Test
    void pointerRecordsAreFollowedZeroPointersAndDeletedTextAreSkipped() {
        // N "a", p -> (target), N "skipped", target: N "b", w "deleted", p 0, N "c"
        byte[] a = record('N', "a");
        byte[] skipped = record('N', "skipped");
        byte[] rest = concat(record('N', "b"), record('w', "deleted header"), record('p', "%15d".formatted(0)), record('N', "c"));
        byte[] probe = file(a, record('p', "%15d".formatted(0)), skipped, rest);
        int dataOffset = Integer.parseInt(text(probe).substring(2).trim().split("\\s+")[1]);
        int target = dataOffset + a.length + record('p', "%15d".formatted(0)).length + skipped.length;
        byte[] f = file(a, record('p', "%15d".formatted(target)), skipped, rest);
        assertThat(QueueFile.message(f)).hasValueSatisfying(m -> assertThat(text(m)).isEqualTo("a\nb\nc\n"));
    }

    @Test
    void whatItDoesNotUnderstandIsLeftToPostcat() {
        assertThat(QueueFile.message(new byte[0])).isEmpty();
        assertThat(QueueFile.message("not a queue file".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(QueueFile.message(file(record('N', "a"), record('R', "unexpected@recipient.test")))).as("unknown record in the text").isEmpty();
        byte[] whole = file(record('N', "a"), record('N', "b"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 4);
        assertThat(QueueFile.message(cut)).as("ends before the extracted-segment marker").isEmpty();
        assertThat(QueueFile.message(file(record('N', "a"), record('p', "%15d".formatted(99_999))))).as("pointer out of the file").isEmpty();
        byte[] probe = file(record('N', "a"), record('p', "%15d".formatted(0)));
        int dataOffset = Integer.parseInt(text(probe).substring(2).trim().split("\\s+")[1]);
        assertThat(QueueFile.message(file(record('N', "a"), record('p', "%15d".formatted(dataOffset))))).as("a pointer loop").isEmpty();
        assertThat(QueueFile.message(file(record('N', "a"), record('p', "twelve")))).isEmpty();
    }

    @Test
    void readsGnuTarsOutputAndRefusesABrokenStream(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("hold"));
        byte[] big = new byte[3000];
        new Random(1).nextBytes(big);
        Files.write(dir.resolve("hold/4jcA1B2C3D4E5F6"), big);
        Files.write(dir.resolve("hold/4jcEMPTY000000"), new byte[0]);
        Process p = new ProcessBuilder("/bin/tar", "-C", dir.toString(), "--ignore-failed-read", "-cf", "-", "--",
                "hold/4jcA1B2C3D4E5F6", "hold/4jcGONE0000000", "hold/4jcEMPTY000000").start();
        byte[] tar = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("a missing file is only a warning: " + stderr).isZero();
        assertThat(stderr).contains("4jcGONE0000000");
        Map<String, byte[]> files = TarEntries.read(new ByteArrayInputStream(tar), 1 << 20);
        assertThat(files).containsOnlyKeys("hold/4jcA1B2C3D4E5F6", "hold/4jcEMPTY000000");
        assertThat(files.get("hold/4jcA1B2C3D4E5F6")).isEqualTo(big);
        assertThat(files.get("hold/4jcEMPTY000000")).isEmpty();

        assertThatThrownBy(() -> TarEntries.read(new ByteArrayInputStream(tar), 1000)).isInstanceOf(IOException.class)
                .hasMessageContaining("over the limit");
        byte[] corrupt = tar.clone();
        corrupt[10] ^= 1;
        assertThatThrownBy(() -> TarEntries.read(new ByteArrayInputStream(corrupt), 1 << 20)).hasMessageContaining("checksum");
        assertThatThrownBy(() -> TarEntries.read(new ByteArrayInputStream(Arrays.copyOf(tar, 700)), 1 << 20))
                .hasMessageContaining("ends inside");
    }
}
