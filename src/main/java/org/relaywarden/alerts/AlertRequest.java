package org.relaywarden.alerts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A generic abuse alert. {@code account} is the SASL login that relayed the spam.
 *
 * @param source     who raised it (e.g. {@code queue-monitor}, {@code grafana}, {@code operator})
 * @param originator the account is the spam's originator, not only its relay (routes to termination review)
 * @param contact    refused: an alert does not choose who gets the letters (they go to the customer
 *                   directory's addresses and those an operator adds to the case); kept only to answer 400
 * @param language   {@code de} or {@code en}, used only when the customer directory names no language;
 *                   defaults to the configured letter language
 */
public record AlertRequest(
        @NotBlank @Size(max = 254) String account,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}", message = "must be 1-64 of a-z 0-9 . _ - (lower case)") String source,
        @Size(max = 1000) String reason,
        @Pattern(regexp = "info|warning|critical", message = "must be info, warning or critical") String severity,
        Boolean originator,
        @Size(max = 1000) String evidenceRef,
        @Null(message = CONTACT_REFUSED) String contact,
        @Pattern(regexp = "de|en", message = "must be de or en") String language) {

    public static final String CONTACT_REFUSED = "is not accepted: an alert does not choose who gets the letters. They go to the "
            + "customer directory's addresses for the account (relaywarden.customers.directory); an operator adds an address "
            + "with POST /api/v1/cases/{caseId}/contacts. Leave the field out";
}
