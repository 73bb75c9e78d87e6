package org.relaywarden.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.security.oauth2.client.ClientsConfiguredCondition;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.regex.Pattern;

/**
 * Optional OpenID Connect login, switched on by configuring a client registration
 * ({@code spring.security.oauth2.client.registration.<id>.*}); without one, none of this exists and
 * no OAuth2 endpoint answers. A login's groups claim becomes Camunda groups ({@link OidcGroupMapper}),
 * which are the person's authorities on Relaywarden's API and, through {@link CamundaWebappOidcBridge},
 * their groups in Cockpit and Tasklist, where Camunda's authorization checks apply as for any user.
 */
@Configuration
@Conditional(ClientsConfiguredCondition.class)
class OidcLogin {

    /** A Camunda user id taken from the identity provider: no spaces, quotes or control characters. */
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    /** Loads the user as Spring does (ID token, user info if configured), then keeps only the mapped groups. */
    static OAuth2UserService<OidcUserRequest, OidcUser> userService(OidcGroupMapper groups) {
        OidcUserService standard = new OidcUserService();
        return request -> {
            OidcUser user = standard.loadUser(request);
            String nameAttribute = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
                    .getUserNameAttributeName();
            if (nameAttribute == null || nameAttribute.isBlank()) {
                nameAttribute = IdTokenClaimNames.SUB;
            }
            Object name = user.getClaims().get(nameAttribute);
            if (!(name instanceof String id) || !USER_ID.matcher(id).matches()) {
                throw new OAuth2AuthenticationException(new OAuth2Error("invalid_user_id",
                        "the claim " + nameAttribute + " is not usable as a user id", null));
            }
            return new DefaultOidcUser(groups.authorities(user.getClaims().get(groups.claim())), user.getIdToken(),
                    user.getUserInfo(), nameAttribute);
        };
    }

    /** Right after Spring Security, before the webapps' own filters: they then see the login as theirs. */
    @Bean
    FilterRegistrationBean<CamundaWebappOidcBridge> camundaWebappOidcBridge(ProcessEngine engine) {
        FilterRegistrationBean<CamundaWebappOidcBridge> registration =
                new FilterRegistrationBean<>(new CamundaWebappOidcBridge(engine));
        registration.setName("relaywarden-oidc-webapp-bridge");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        registration.addUrlPatterns("/camunda/app/*", "/camunda/api/*");
        return registration;
    }
}
