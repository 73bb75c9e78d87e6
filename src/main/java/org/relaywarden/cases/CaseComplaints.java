package org.relaywarden.cases;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port to the feedback loops: the complaints about a case's account (recipients of its mail who
 * reported it as spam to their mailbox provider, which sent the provider an ARF or XARF report), as the
 * evidence, the review form and the letters show them. Only what the reports let be shown: the recipients'
 * domains (never their addresses), the reporters, one subject.
 */
public interface CaseComplaints {

    /** The complaints about the case's account from the complaint window before the case opened until now. */
    Optional<Summary> of(CaseReference ref);

    /**
     * @param count            reports
     * @param recipientDomains the complainants' domains, where the reports named them (redacted reports do not)
     * @param reporters        the feedback loops that sent them (e.g. {@code fbl.mailbox.example})
     * @param exampleSubject   the subject of one reported message (null where none was given)
     */
    record Summary(int count, List<String> recipientDomains, List<String> reporters, String exampleSubject,
                   Instant first, Instant last) {
        public Summary {
            recipientDomains = List.copyOf(recipientDomains);
            reporters = List.copyOf(reporters);
        }

        /** In English, for the review form and the audit trail. */
        public String text() {
            String where = recipientDomains.isEmpty() ? "via the feedback loop of " + String.join(", ", reporters)
                    : "at " + String.join(", ", recipientDomains);
            return count + (count == 1 ? " recipient " : " recipients ") + where + " reported the account's mail as spam"
                    + (exampleSubject == null ? "" : ", e.g. subject \"" + exampleSubject + "\"");
        }
    }
}
