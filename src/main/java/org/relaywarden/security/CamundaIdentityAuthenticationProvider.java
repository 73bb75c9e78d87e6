package org.relaywarden.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * People and monitoring systems log in with the users of Camunda's identity service (the same
 * users as in Cockpit and Tasklist); their Camunda groups are their authorities.
 */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identity;
    private final VerifiedCredentials verified;
    private final LoginThrottle throttle;

    CamundaIdentityAuthenticationProvider(IdentityService identity, VerifiedCredentials verified, LoginThrottle throttle) {
        this.identity = identity;
        this.verified = verified;
        this.throttle = throttle;
    }

    /**
     * Credentials verified within the last seconds ({@link VerifiedCredentials}) are taken with the groups found then,
     * unless the throttle makes this client wait for this user; all others are checked by the engine.
     */
    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (user == null || user.isEmpty() || user.length() > 128 || credentials == null) {
            throw new BadCredentialsException("bad credentials");
        }
        String password = credentials.toString();
        Optional<VerifiedCredentials.Verified> known = verified.find(user, password)
                .filter(v -> throttle.mayTry(ClientAddress.current(), user));
        if (known.isPresent()) {
            return UsernamePasswordAuthenticationToken.authenticated(user, null, known.get().authorities());
        }
        if (!identity.checkPassword(user, password)) {
            throw new BadCredentialsException("bad credentials");
        }
        List<GrantedAuthority> authorities = identity.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
        verified.remember(user, password, authorities);
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
