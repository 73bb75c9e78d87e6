package org.relaywarden.security;

import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camunda's identity store with {@link LoginThrottle} in front of every password check: Relaywarden's API,
 * Camunda's REST API and the webapps' login all check passwords here. Camunda's own lock (a user locked for
 * good after ten wrong passwords from anybody, {@code ENGINE-27002}) is switched off: the throttle slows down
 * the guessing client only.
 */
class ThrottledIdentityProvider extends DbIdentityServiceProvider {

    private static final Logger log = LoggerFactory.getLogger(ThrottledIdentityProvider.class);

    private final LoginThrottle throttle;

    ThrottledIdentityProvider(LoginThrottle throttle) {
        this.throttle = throttle;
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
}
