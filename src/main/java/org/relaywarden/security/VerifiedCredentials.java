package org.relaywarden.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Basic credentials that passed Camunda's password check a moment ago, with the user's groups, so that a
 * monitoring system posting alerts one request after another does not pay two engine commands (password check,
 * group query) on every request (issue 33: a fifth of the request's time). As Spring Security's user cache does,
 * but never holding a password: an entry is keyed by an HMAC-SHA256 of user and password under a key drawn at
 * random when the application starts (and never stored), so the map reveals nothing a guesser could test
 * offline. Only successful checks are kept, for {@code relaywarden.security.login.verified-ttl} (default
 * PT10S; PT0S turns the cache off), at most {@code verified-max-entries} (1000) of them. Any change to
 * Camunda's users, groups or memberships forgets them all (on this node at once, {@link ThrottledIdentityProvider};
 * on the other nodes of a cluster after the TTL): a changed password or a removed group stops working here as before.
 */
@Component
class VerifiedCredentials {

    record Verified(String user, List<GrantedAuthority> authorities, Instant until) {
    }

    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> entries = new ConcurrentHashMap<>();

    VerifiedCredentials(@Value("${relaywarden.security.login.verified-ttl:PT10S}") Duration ttl,
                        @Value("${relaywarden.security.login.verified-max-entries:1000}") int maxEntries, Clock clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("relaywarden.security.login.verified-ttl must not be negative: " + ttl);
        }
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The user and groups of credentials verified within the TTL; empty otherwise (then check them for real). */
    Optional<Verified> find(String user, String password) {
        if (ttl.isZero()) {
            return Optional.empty();
        }
        String k = mac(user, password);
        Verified v = entries.get(k);
        if (v == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(v.until())) {
            entries.remove(k, v);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** Remembers credentials the engine has just verified, with the user's groups at that moment. */
    void remember(String user, String password, List<GrantedAuthority> authorities) {
        if (ttl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(v -> !now.isBefore(v.until()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(mac(user, password), new Verified(user, List.copyOf(authorities), now.plus(ttl)));
    }

    /** Users, groups or memberships changed: every credential is checked again. */
    void forgetAll() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private String mac(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] u = user.getBytes(StandardCharsets.UTF_8);
            // the user's length first: "ab"+"c" and "a"+"bc" must not meet
            mac.update(Integer.toString(u.length).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) ':');
            mac.update(u);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
