package org.relaywarden.enforcement;

/**
 * What one configured relay is told about an account: its name, the state it gets, and where that answer comes
 * from and how far it is durable there ({@code detail}, for people).
 */
public record RelayReading(String relay, RelayState state, String detail) {
}
