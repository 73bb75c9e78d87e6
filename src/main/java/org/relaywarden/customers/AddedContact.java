package org.relaywarden.customers;

import java.time.Instant;

/** An address an operator added to a case: letters of the case go to it as well. */
public record AddedContact(ContactAddress address, String reason, String addedBy, Instant addedAt) {
}
