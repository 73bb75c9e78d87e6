package org.relaywarden.enforcement.command;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every configured relay of an adapter has: a checked name, the runner its tools run with and
 * the timeout of its commands. The adapters' relay classes add their paths and the commands they build.
 */
public abstract class ConfiguredRelay implements Relay {

    /** What a relay's name may be: it appears in messages, metrics and case records. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** A plain envelope address, as the relays' submission commands take it. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9!#%&*+/=?^_{|}~.$'-]{1,64}@[A-Za-z0-9.-]{1,253}");

    private final String name;
    private final CommandRunner runner;
    protected final Duration timeout;

    protected ConfiguredRelay(String name, CommandRunner runner, Duration timeout) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("relay name must be lower-case letters, digits and -");
        }
        this.name = name;
        this.runner = runner;
        this.timeout = timeout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final CommandRunner runner() {
        return runner;
    }

    /**
     * Refuses an envelope a submission command must not take: a sender that is neither empty nor a
     * plain address, no recipients, or a recipient that is not a plain address.
     */
    protected static void checkEnvelope(String sender, List<String> recipients) {
        if (!sender.isEmpty() && !ADDRESS.matcher(sender).matches()) {
            throw new IllegalArgumentException("not a plain envelope sender");
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        for (String r : recipients) {
            if (!ADDRESS.matcher(r).matches()) {
                throw new IllegalArgumentException("not a plain recipient address");
            }
        }
    }
}
