package org.relaywarden.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.List;

import static org.relaywarden.security.Roles.OPERATORS;

/**
 * The actions on a case and who may take them: one table, from which {@link SecurityConfiguration} makes the
 * authorization rules of their endpoints and {@link CaseActionsController} tells the Cockpit case tab which to
 * offer, so the two cannot disagree.
 */
final class CaseActions {

    /** One action: its endpoint ({@code *} for the case id and a message id) and the groups that may call it. */
    record Action(String name, HttpMethod method, String pattern, List<String> groups) {

        boolean allows(Authentication who) {
            return who != null && who.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(groups::contains);
        }
    }

    static final List<Action> ALL = List.of(
            new Action("close", HttpMethod.POST, "/api/v1/cases/*/close", List.of(OPERATORS)),
            new Action("confirmSuspension", HttpMethod.POST, "/api/v1/cases/*/confirm-suspension", List.of(OPERATORS)),
            new Action("addContact", HttpMethod.POST, "/api/v1/cases/*/contacts", List.of(OPERATORS)),
            new Action("changeDurations", HttpMethod.PUT, "/api/v1/cases/*/durations", List.of(OPERATORS)),
            new Action("releaseHeld", HttpMethod.POST, "/api/v1/cases/*/release-held", List.of(OPERATORS)),
            new Action("retry", HttpMethod.POST, "/api/v1/cases/*/retry", List.of(OPERATORS)),
            new Action("releaseQuarantined", HttpMethod.POST, "/api/v1/cases/*/quarantine/*/release", List.of(OPERATORS)),
            new Action("purgeQuarantined", HttpMethod.POST, "/api/v1/cases/*/quarantine/*/purge", List.of(OPERATORS)),
            new Action("checkPassword", HttpMethod.POST, "/api/v1/cases/*/credential/check", List.of(OPERATORS)),
            new Action("resetPassword", HttpMethod.POST, "/api/v1/cases/*/credential/reset", List.of(OPERATORS)));

    private CaseActions() {
    }
}
