package org.relaywarden.security;

import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Outside the demo profile, Relaywarden refuses to start while any user has an empty or a
 * well-known password (its own name, "demo", "Admin", "Passw0rd", "admin1", ...: the spellings of
 * {@link SecretStrength#wellKnownSpellings}, tried against the stored hash), or while the PostgreSQL password is
 * empty, or while no Camunda administrator exists (Camunda Admin would then let anybody create the first
 * one). It says which user; it never logs a password.
 */
@Component
@Profile("!demo")
class DefaultCredentialsGuard {

    private final IdentityService identity;
    private final ProcessEngineConfigurationImpl engine;
    private final Environment environment;

    DefaultCredentialsGuard(IdentityService identity, ProcessEngineConfigurationImpl engine, Environment environment) {
        this.identity = identity;
        this.engine = engine;
        this.environment = environment;
    }

    @PostConstruct
    void refuseDefaultCredentials() {
        List<String> problems = new ArrayList<>();
        for (User user : identity.createUserQuery().list()) {
            if (user instanceof UserEntity entity && hasWeakPassword(entity)) {
                problems.add("user '" + user.getId() + "' has an empty or well-known password");
            }
        }
        if (identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
            // without one, Camunda Admin would offer its first-user setup to anybody
            problems.add("no Camunda administrator exists (no member of group '" + Groups.CAMUNDA_ADMIN
                    + "'): create one on this start with CAMUNDA_BPM_ADMINUSER_ID and CAMUNDA_BPM_ADMINUSER_PASSWORD"
                    + " (camunda.bpm.admin-user.id/.password)");
        }
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:postgresql:") && environment.getProperty("spring.datasource.password", "").isEmpty()) {
            problems.add("the PostgreSQL password is empty (set RELAYWARDEN_DB_PASSWORD)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Relaywarden refuses to start outside the demo profile: "
                    + String.join("; ", problems)
                    + ". Change these passwords (Camunda Admin, or run once with the demo profile), then start again.");
        }
    }

    private boolean hasWeakPassword(UserEntity user) {
        if (user.getPassword() == null || user.getPassword().isEmpty()) {
            return true;
        }
        for (String candidate : SecretStrength.wellKnownSpellings(user.getId())) {
            if (engine.getPasswordManager().check(EncryptionUtil.saltPassword(candidate, user.getSalt()), user.getPassword())) {
                return true;
            }
        }
        return false;
    }
}
