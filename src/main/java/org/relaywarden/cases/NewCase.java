package org.relaywarden.cases;

import org.relaywarden.account.Account;

/** What an alert knows when it opens a case. */
public record NewCase(Account account, String source, String reason, boolean originator, String evidenceRef,
                      String contact, String language) {
}
