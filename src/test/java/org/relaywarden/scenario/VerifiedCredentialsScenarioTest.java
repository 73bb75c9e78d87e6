package org.relaywarden.scenario;

import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 33: Basic credentials verified a moment ago are not checked by the engine again (VerifiedCredentials), yet a
 * changed password, a removed membership or a deleted user takes effect on the very next request.
 */
@RelaywardenSpringBootTest
class VerifiedCredentialsScenarioTest {

    static final String USER = "cachedmonitor";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;

    int alert(String password, int n) {
        String body = "{\"account\":\"cached" + n + "@verified.example\",\"source\":\"verified-credentials\"}";
        return new Api(rest).withPassword(USER, password).post(USER, "/api/v1/alerts", body).getStatusCode().value();
    }

    @Test
    void aChangedPasswordARemovedGroupAndADeletedUserCountAtOnce() {
        var user = identity.newUser(USER);
        user.setPassword("first-Passw0rd-of-the-monitor");
        identity.saveUser(user);
        identity.createMembership(USER, "relaywarden-monitoring");
        try {
            assertThat(alert("first-Passw0rd-of-the-monitor", 1)).isEqualTo(HttpStatus.ACCEPTED.value());
            assertThat(alert("first-Passw0rd-of-the-monitor", 2)).as("taken from the cache").isEqualTo(HttpStatus.ACCEPTED.value());
            assertThat(alert("wrong-Passw0rd-of-the-monitor", 3)).isEqualTo(HttpStatus.UNAUTHORIZED.value());

            var changed = identity.createUserQuery().userId(USER).singleResult();
            changed.setPassword("second-Passw0rd-of-the-monitor");
            identity.saveUser(changed);
            assertThat(alert("first-Passw0rd-of-the-monitor", 4)).as("the old password, right after the change")
                    .isEqualTo(HttpStatus.UNAUTHORIZED.value());
            assertThat(alert("second-Passw0rd-of-the-monitor", 5)).isEqualTo(HttpStatus.ACCEPTED.value());

            identity.deleteMembership(USER, "relaywarden-monitoring");
            assertThat(alert("second-Passw0rd-of-the-monitor", 6)).as("no longer in the monitoring group")
                    .isEqualTo(HttpStatus.FORBIDDEN.value());

            identity.createMembership(USER, "relaywarden-monitoring");
            assertThat(alert("second-Passw0rd-of-the-monitor", 7)).isEqualTo(HttpStatus.ACCEPTED.value());
            identity.deleteUser(USER);
            assertThat(alert("second-Passw0rd-of-the-monitor", 8)).as("a deleted user").isEqualTo(HttpStatus.UNAUTHORIZED.value());
        } finally {
            if (identity.createUserQuery().userId(USER).count() > 0) {
                identity.deleteUser(USER);
            }
        }
    }
}
