package org.relaywarden.enforcement.command;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the regular files of a tar stream ({@code tar -cf -}) into memory, name to bytes, with
 * Commons Compress. Used to copy raw queue or spool files off a relay in one stream per batch;
 * anything else in the stream (directories, links) is skipped; a broken stream (a header whose
 * checksum does not match, a stream that ends inside an entry) and more than {@code maxBytes} of
 * content are errors. A stream that ends after a whole entry without tar's closing blocks (tar cut
 * short) gives what is whole.
 */
public final class TarEntries {

    private TarEntries() {
    }

    public static Map<String, byte[]> read(InputStream in, long maxBytes) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (IOException e) {
                throw new IOException("tar header is broken: " + e.getMessage(), e);
            }
            if (entry == null) {
                return files;
            }
            if (!entry.isCheckSumOK()) {
                throw new IOException("tar header checksum does not match (entry " + entry.getName() + ")");
            }
            long size = entry.getSize();
            if (size < 0 || size > maxBytes - total) {
                throw new IOException("tar entry " + entry.getName() + " of " + size + " bytes is over the limit");
            }
            byte[] data;
            try {
                data = tar.readNBytes((int) size);
            } catch (IOException e) {
                throw new EOFException("tar stream ends inside entry " + entry.getName() + ": " + e.getMessage());
            }
            if (data.length < size) {
                throw new EOFException("tar stream ends inside entry " + entry.getName());
            }
            total += size;
            if (entry.isFile()) {
                files.put(entry.getName(), data);
            }
        }
    }
}
