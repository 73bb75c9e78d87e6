package org.relaywarden.enforcement.command;

import org.relaywarden.enforcement.MailServerException;

/** One of the provider's relays as an adapter drives it: a name, and a failure that names it. */
public interface Relay {

    String name();

    /** The failure of {@code what} on this relay, naming the relay and how it is reached. */
    MailServerException failure(String what, RuntimeException cause);
}
