package org.relaywarden.quarantine;

/**
 * Outbound port: where quarantined messages are kept, byte for byte. Keys are built by
 * {@link QuarantineService} from validated parts only.
 */
public interface QuarantineStore {

    /** Stores the content (replacing a partial earlier copy), reads it back and returns its verified SHA-256. */
    String put(String key, byte[] content);

    byte[] read(String key);

    boolean exists(String key);

    void delete(String key);
}
