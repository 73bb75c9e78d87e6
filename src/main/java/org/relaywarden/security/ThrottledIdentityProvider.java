package org.relaywarden.security;

import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda's identity store with {@link LoginThrottle} in front of every password check: Relaywarden's API,
 * Camunda's REST API and the webapps' login all check passwords here. Camunda's own lock (a user locked for
 * good after ten wrong passwords from anybody, {@code ENGINE-27002}) is switched off: the throttle slows down
 * the guessing client only. Any change to users, groups or memberships makes {@link VerifiedCredentials} forget
 * the credentials it verified (at once and again when the change commits, so that no check racing the change
 * keeps the old state).
 */
class ThrottledIdentityProvider extends DbIdentityServiceProvider {

    private static final Logger log = LoggerFactory.getLogger(ThrottledIdentityProvider.class);

    private final LoginThrottle throttle;
    private final VerifiedCredentials verified;

    ThrottledIdentityProvider(LoginThrottle throttle, VerifiedCredentials verified) {
        this.throttle = throttle;
        this.verified = verified;
    }

    @Override
    public boolean checkPassword(String userId, String password) {
        String client = ClientAddress.current();
        if (!throttle.mayTry(client, userId)) {
            log.debug("login for '{}' from {} refused unchecked: too many wrong passwords, wait", userId, client);
            return false;
        }
        boolean ok = super.checkPassword(userId, password);
        if (ok) {
            throttle.succeeded(client, userId);
        } else {
            throttle.failed(client, userId);
        }
        return ok;
    }

    /** Never locked by Camunda's attempt counter: the throttle decides, per client. */
    @Override
    protected boolean isUserLocked(UserEntity user) {
        return false;
    }

    /** Camunda's counter is not kept (a stranger's failures must not lock the user for everybody). */
    @Override
    protected void lockUser(UserEntity user) {
    }

    @Override
    public IdentityOperationResult saveUser(User user) {
        return changed(super.saveUser(user));
    }

    @Override
    public IdentityOperationResult deleteUser(String userId) {
        return changed(super.deleteUser(userId));
    }

    @Override
    public IdentityOperationResult saveGroup(Group group) {
        return changed(super.saveGroup(group));
    }

    @Override
    public IdentityOperationResult deleteGroup(String groupId) {
        return changed(super.deleteGroup(groupId));
    }

    @Override
    public IdentityOperationResult createMembership(String userId, String groupId) {
        return changed(super.createMembership(userId, groupId));
    }

    @Override
    public IdentityOperationResult deleteMembership(String userId, String groupId) {
        return changed(super.deleteMembership(userId, groupId));
    }

    private IdentityOperationResult changed(IdentityOperationResult result) {
        verified.forgetAll();
        CommandContext command = Context.getCommandContext();
        if (command != null) {
            command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, c -> verified.forgetAll());
        }
        return result;
    }
}
