package org.relaywarden.security;

import jakarta.annotation.PostConstruct;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a stack needs before anyone logs in, made at start from its secrets and environment, so that
 * {@code docker compose up} ends in a working system (issue 21):
 * <ul>
 *   <li>the first administrator ({@code camunda.bpm.admin-user.id}, created by Camunda) is put into
 *       {@code relaywarden-operators};</li>
 *   <li>the monitoring user ({@code relaywarden.provisioning.monitoring-user}, in
 *       {@code relaywarden-monitoring}) gets the password in {@code monitoring-password-file}, the
 *       file Prometheus reads;</li>
 *   <li>the API token in {@code alertmanager-token-file}, the file Alertmanager reads, becomes the
 *       token named {@code alertmanager-token-name} of group {@code relaywarden-monitoring}.</li>
 * </ul>
 * Each only when configured; on every start, changing nothing when all is as the files say (the
 * file is the truth: a new password or token in it replaces the old one). A revoked or expired
 * provisioned token is not revived: put a new one in the file. A weak password or token is refused
 * (the start fails and says which file); no value is ever logged.
 */
@Component
class Provisioning {

    private static final Logger log = LoggerFactory.getLogger(Provisioning.class);
    static final String CREATED_BY = "provisioning";

    private final IdentityService identity;
    private final ApiTokens tokens;
    private final String adminUser;
    private final String monitoringUser;
    private final String monitoringPasswordFile;
    private final String tokenFile;
    private final String tokenName;

    /** Takes the authorizations as a dependency so that Relaywarden's groups exist first. */
    Provisioning(IdentityService identity, ApiTokens tokens, CamundaAuthorizations groupsAndGrants,
                 @Value("${camunda.bpm.admin-user.id:}") String adminUser,
                 @Value("${relaywarden.provisioning.monitoring-user:monitoring}") String monitoringUser,
                 @Value("${relaywarden.provisioning.monitoring-password-file:}") String monitoringPasswordFile,
                 @Value("${relaywarden.provisioning.alertmanager-token-file:}") String tokenFile,
                 @Value("${relaywarden.provisioning.alertmanager-token-name:alertmanager}") String tokenName) {
        this.identity = identity;
        this.tokens = tokens;
        this.adminUser = adminUser;
        this.monitoringUser = monitoringUser;
        this.monitoringPasswordFile = monitoringPasswordFile;
        this.tokenFile = tokenFile;
        this.tokenName = tokenName;
    }

    @PostConstruct
    void provision() {
        if (!adminUser.isBlank() && identity.createUserQuery().userId(adminUser).count() > 0
                && identity.createUserQuery().userId(adminUser).memberOfGroup(Roles.OPERATORS).count() == 0) {
            identity.createMembership(adminUser, Roles.OPERATORS);
            log.info("provisioning: administrator '{}' added to {}", adminUser, Roles.OPERATORS);
        }
        if (!monitoringPasswordFile.isBlank()) {
            monitoringUser(read(monitoringPasswordFile, "relaywarden.provisioning.monitoring-password-file"));
        }
        if (!tokenFile.isBlank()) {
            alertmanagerToken(read(tokenFile, "relaywarden.provisioning.alertmanager-token-file"));
        }
    }

    private void monitoringUser(String password) {
        if (!ApiTokens.NAME.matcher(monitoringUser).matches()) {
            throw new IllegalStateException("relaywarden.provisioning.monitoring-user must be 1-64 of a-z 0-9 . _ -");
        }
        Optional<String> problem = SecretStrength.passwordProblem(password, monitoringUser);
        if (problem.isPresent()) {
            throw new IllegalStateException("provisioning: the password in " + monitoringPasswordFile + " is too weak for user '"
                    + monitoringUser + "': " + problem.get() + " (the rule: " + SecretStrength.RULE + ")");
        }
        User user = identity.createUserQuery().userId(monitoringUser).singleResult();
        if (user == null) {
            user = identity.newUser(monitoringUser);
            user.setFirstName("Monitoring");
            user.setLastName("System");
            user.setPassword(password);
            identity.saveUser(user);
            log.info("provisioning: monitoring user '{}' created (password from {})", monitoringUser, monitoringPasswordFile);
        } else if (!identity.checkPassword(monitoringUser, password)) {
            user.setPassword(password);
            identity.saveUser(user);
            log.info("provisioning: password of monitoring user '{}' set from {}", monitoringUser, monitoringPasswordFile);
        }
        if (identity.createUserQuery().userId(monitoringUser).memberOfGroup(Roles.MONITORING).count() == 0) {
            identity.createMembership(monitoringUser, Roles.MONITORING);
        }
    }

    private void alertmanagerToken(String token) {
        Optional<String> problem = SecretStrength.tokenProblem(token);
        if (problem.isPresent()) {
            throw new IllegalStateException("provisioning: the token in " + tokenFile + " is not a strong API token: "
                    + problem.get() + " (rw_ and 32-96 random characters of A-Z a-z 0-9 _ -, e.g. printf 'rw_%s' \"$(openssl rand -base64 32 | tr '+/' '-_'"
                    + " | tr -d =)\")");
        }
        switch (tokens.provision(tokenName, token, Roles.MONITORING, CREATED_BY)) {
            case CREATED -> log.info("provisioning: API token '{}' created from {}", tokenName, tokenFile);
            case REPLACED -> log.info("provisioning: API token '{}' replaced by the one in {}", tokenName, tokenFile);
            case UNCHANGED -> log.debug("provisioning: API token '{}' as in {}", tokenName, tokenFile);
            case REVOKED_OR_EXPIRED -> log.warn("provisioning: API token '{}' from {} was revoked or has expired; it stays so."
                    + " Put a new token into the file to replace it", tokenName, tokenFile);
        }
    }

    private static String read(String file, String key) {
        try {
            String value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("provisioning: " + file + " (" + key + ") is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("provisioning: cannot read " + file + " (" + key + "): " + e.getClass().getSimpleName(), e);
        }
    }
}
