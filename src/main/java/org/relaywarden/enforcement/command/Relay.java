package org.relaywarden.enforcement.command;

import org.relaywarden.enforcement.MailServerException;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** One of the provider's relays as an adapter drives it: a name, how its tools are run, and a failure that names both. */
public interface Relay {

    /** What a configured path on a relay may be: absolute and plain, nothing a command line could read as more. */
    Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._/-]{1,255}");

    String name();

    CommandRunner runner();

    /** The failure of {@code what} on this relay, naming the relay and how it is reached. */
    default MailServerException failure(String what, RuntimeException cause) {
        return new MailServerException("relay " + name() + " (" + runner().describe() + "): " + what + ": " + cause.getMessage(),
                cause);
    }

    /** A configured path as a command argument, refused unless absolute and plain (letters, digits, . _ - /, no ..). */
    static String checkedPath(Path p) {
        String s = p.toString();
        if (!PLAIN_PATH.matcher(s).matches() || s.contains("..")) {
            throw new IllegalArgumentException("relay paths must be absolute and plain (letters, digits, . _ - /): " + s);
        }
        return s;
    }
}
