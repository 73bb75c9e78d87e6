package org.relaywarden.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.springframework.stereotype.Component;

/** Puts {@link ThrottledIdentityProvider} in place of Camunda's identity store (read and write). */
@Component
class LoginThrottlePlugin extends AbstractProcessEnginePlugin {

    private final LoginThrottle throttle;
    private final VerifiedCredentials verified;

    LoginThrottlePlugin(LoginThrottle throttle, VerifiedCredentials verified) {
        this.throttle = throttle;
        this.verified = verified;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setIdentityProviderSessionFactory(new SessionFactory() {
            @Override
            public Class<?> getSessionType() {
                return ThrottledIdentityProvider.class;
            }

            @Override
            public Session openSession() {
                return new ThrottledIdentityProvider(throttle, verified);
            }
        });
    }
}
