package org.relaywarden.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the Cockpit login session may authenticate: the case API, and the dashboard's figures for reading. */
class WebappSessionPathsTest {

    static boolean accepted(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return CamundaWebappSessionAuthentication.sessionPath(request);
    }

    @Test
    void theDashboardAcceptsTheSessionForReadingOnly() {
        assertThat(accepted("GET", "/api/v1/dashboard")).isTrue();
        assertThat(accepted("HEAD", "/api/v1/dashboard")).isTrue();
        assertThat(accepted("POST", "/api/v1/dashboard")).isFalse();
        assertThat(accepted("PUT", "/api/v1/dashboard")).isFalse();
        assertThat(accepted("GET", "/api/v1/dashboard/anything")).isFalse();
    }

    @Test
    void theCaseApiStillAcceptsItAndNothingElseDoes() {
        assertThat(accepted("GET", "/api/v1/cases/RW-1")).isTrue();
        assertThat(accepted("POST", "/api/v1/cases/RW-1/close")).isTrue();
        assertThat(accepted("GET", "/api/v1/tokens")).isFalse();
        assertThat(accepted("GET", "/api/v1/casesX")).isFalse();
    }
}
