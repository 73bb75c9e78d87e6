package org.relaywarden.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile, the administrator Camunda creates at start ({@code camunda.bpm.admin-user.id} and
 * {@code .password}, {@code CAMUNDA_BPM_ADMINUSER_ID}/{@code _PASSWORD}) must have a strong password by
 * {@link SecretStrength}: checked before the engine is built, so that a weak one is never stored (issue 27.4:
 * {@code Admin}, {@code admin1}, {@code Passw0rd} were accepted). The start stops with a message naming the user,
 * what is wrong and the rule; the password itself is never shown.
 */
@Component
@Profile("!demo")
class AdministratorPasswordCheck extends AbstractProcessEnginePlugin {

    private final String adminUser;
    private final String adminPassword;

    AdministratorPasswordCheck(@Value("${camunda.bpm.admin-user.id:}") String adminUser,
                               @Value("${camunda.bpm.admin-user.password:}") String adminPassword) {
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (adminUser.isBlank()) {
            return;
        }
        SecretStrength.passwordProblem(adminPassword, adminUser).ifPresent(problem -> {
            throw new IllegalStateException("Relaywarden refuses to start outside the demo profile: the password of user '"
                    + adminUser + "' (camunda.bpm.admin-user.password, CAMUNDA_BPM_ADMINUSER_PASSWORD) is too weak: " + problem
                    + ". The rule for every secret: " + SecretStrength.RULE);
        });
    }
}
