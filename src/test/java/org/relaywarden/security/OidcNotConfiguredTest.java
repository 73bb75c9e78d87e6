package org.relaywarden.security;

import org.junit.jupiter.api.Test;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a client registration there is no OpenID Connect login at all: no endpoint, no bridge. */
@RelaywardenSpringBootTest
class OidcNotConfiguredTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ApplicationContext context;

    @Test
    void noOAuth2EndpointAnswers() {
        for (String path : List.of("/oauth2/authorization/idp", "/oauth2/authorization/google", "/login/oauth2/code/idp?code=x&state=y",
                "/login", "/login?error")) {
            int status = rest.getForEntity(path, String.class).getStatusCode().value();
            assertThat(status).as(path).isIn(401, 404);
        }
        assertThat(context.getBeanNamesForType(ClientRegistrationRepository.class)).isEmpty();
        assertThat(context.getBeanNamesForType(OidcLogin.class)).isEmpty();
        assertThat(context.containsBean("camundaWebappOidcBridge")).isFalse();
    }
}
