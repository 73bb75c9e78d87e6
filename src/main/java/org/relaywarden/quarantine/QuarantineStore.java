package org.relaywarden.quarantine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outbound port: where quarantined messages are kept, byte for byte. Keys are built by
 * {@link QuarantineService} from validated parts only.
 */
public interface QuarantineStore {

    /** Stores the content (replacing a partial earlier copy), reads it back and returns its verified SHA-256. */
    String put(String key, byte[] content);

    /**
     * Stores several messages at once (a store may make them durable together, which is much
     * cheaper than one by one); the same guarantee as {@link #put} for each: when it returns, every
     * copy is durable and verified. Returns each key's SHA-256. A store may write the copies in
     * place: a copy counts only once this has returned (the caller commits its index entry after),
     * and a later call for the same key replaces whatever a crash left there.
     */
    default Map<String, String> putAll(Map<String, byte[]> contents) {
        Map<String, String> out = new LinkedHashMap<>();
        contents.forEach((key, content) -> out.put(key, put(key, content)));
        return out;
    }

    byte[] read(String key);

    boolean exists(String key);

    void delete(String key);
}
