package org.relaywarden.credentials;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseAnswers;
import org.relaywarden.cases.CaseCredentials;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.notification.PasswordFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cracked password of a case: a keyed fingerprint of the stored credential when relaying is suspended,
 * the check against it before a re-enable ("changed since the suspension: yes (at ...) / no / unknown"), the
 * customer's answer 2 checked against that, and a new random password on request. Nothing here stores or
 * logs a password or a hash: only the fingerprint ({@link Fingerprints}), and for a reset that it happened.
 */
@Service
public class CredentialService implements CaseCredentials, PasswordFacts {

    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

    /** Through which channel a reset was asked for. */
    public enum Channel {
        OPERATOR("operator"), CUSTOMER("questionnaire page");

        private final String words;

        Channel(String words) {
            this.words = words;
        }
    }

    private final CredentialStore store;
    private final Fingerprints fingerprints;
    private final CredentialRecords records;
    private final CaseRecords cases;
    private final CaseAnswers answers;
    private final CredentialProperties properties;
    private final TransactionTemplate own;
    private final Clock clock;

    CredentialService(CredentialStore store, Fingerprints fingerprints, CredentialRecords records, CaseRecords cases,
                      CaseAnswers answers, CredentialProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.fingerprints = fingerprints;
        this.records = records;
        this.cases = cases;
        this.answers = answers;
        this.properties = properties;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * At every suspension of the case (the suspension's own transaction: a retried job takes it again, once): the
     * fingerprint of what the store holds now. A store that cannot be read does not stop the suspension: the
     * snapshot says why, and later checks answer "unknown".
     */
    @Transactional
    public void fingerprintAtSuspension(CaseReference ref, Account account) {
        if (!store.configured()) {
            return;
        }
        Instant now = clock.instant();
        String fingerprint = null;
        String note;
        try {
            Optional<byte[]> stored = store.stored(account);
            if (stored.isPresent()) {
                fingerprint = fingerprint(stored.get());
                note = "fingerprint of the stored password taken";
            } else {
                note = "the store has no account " + account;
            }
        } catch (RuntimeException e) {
            // a store that fails (or a command that times out) must not stop the suspension
            note = "the store could not be read: " + e.getMessage();
            log.warn("{}: no credential fingerprint for {}: {}", ref, account, e.getMessage());
        }
        records.insertSnapshot(ref, now, store.name(), fingerprint, note);
        cases.audit(ref, CaseRecords.SYSTEM, "CREDENTIAL_FINGERPRINT", store.describe() + ": " + note);
    }

    /**
     * Reads the store now and compares it with the fingerprint of the latest suspension; recorded and audited (without a
     * configured store: NOT_CHECKED, neither recorded nor audited).
     */
    @Transactional
    public CredentialCheck check(CaseReference ref) {
        RemediationCase c = cases.get(ref);
        Instant now = clock.instant();
        if (!store.configured()) {
            // nothing to read, nothing to record: a provider without a credential store sees no audit lines of it
            return new CredentialCheck(CredentialCheck.Status.NOT_CHECKED, now, null, null, store.name(),
                    "no credential store is configured");
        }
        Optional<CredentialRecords.Snapshot> snapshot = records.latestSnapshot(ref);
        CredentialCheck result = compare(ref, c.account(), snapshot, now);
        Instant changedSeen = result.status() == CredentialCheck.Status.CHANGED ? result.changedAt() : null;
        records.insertCheck(ref, new CredentialRecords.CheckRow(now, result.status(), changedSeen,
                snapshot.map(CredentialRecords.Snapshot::id).orElse(null), result.note()));
        cases.audit(ref, CaseRecords.SYSTEM, "CREDENTIAL_CHECK", result.summary());
        if (result.status() == CredentialCheck.Status.UNCHANGED && claimedChange(ref)) {
            cases.audit(ref, CaseRecords.SYSTEM, "CREDENTIAL_CLAIM", "answer 2 says the passwords were changed, but the"
                    + " password of " + c.account() + " is the one it had at the suspension");
        }
        return result;
    }

    private CredentialCheck compare(CaseReference ref, Account account, Optional<CredentialRecords.Snapshot> snapshot, Instant now) {
        if (!store.configured()) {
            return new CredentialCheck(CredentialCheck.Status.NOT_CHECKED, now, null, null, store.name(),
                    "no credential store is configured");
        }
        if (snapshot.isEmpty()) {
            return new CredentialCheck(CredentialCheck.Status.UNKNOWN, now, null, null, store.describe(),
                    "no fingerprint was taken at the suspension (a case suspended before the credential store was configured)");
        }
        CredentialRecords.Snapshot s = snapshot.get();
        if (s.fingerprint() == null) {
            return new CredentialCheck(CredentialCheck.Status.UNKNOWN, now, s.takenAt(), null, store.describe(),
                    "at the suspension " + s.note());
        }
        String current;
        try {
            Optional<byte[]> stored = store.stored(account);
            if (stored.isEmpty()) {
                return new CredentialCheck(CredentialCheck.Status.UNKNOWN, now, s.takenAt(), null, store.describe(),
                        "the store has no account " + account + " any more");
            }
            current = fingerprint(stored.get());
        } catch (RuntimeException e) {
            return new CredentialCheck(CredentialCheck.Status.UNKNOWN, now, s.takenAt(), null, store.describe(),
                    "the store could not be read: " + e.getMessage());
        }
        if (current.equals(s.fingerprint())) {
            return new CredentialCheck(CredentialCheck.Status.UNCHANGED, now, s.takenAt(), null, store.describe(),
                    "the stored password is the one of the suspension");
        }
        Instant changedAt = records.firstChangeSeen(s.id()).orElse(now);
        for (CredentialReset r : records.resets(ref)) {
            // a password Relaywarden set: the change's time is known
            if (r.state() == CredentialReset.State.DONE && r.finishedAt().isAfter(s.takenAt()) && r.finishedAt().isBefore(changedAt)) {
                changedAt = r.finishedAt();
            }
        }
        return new CredentialCheck(CredentialCheck.Status.CHANGED, now, s.takenAt(), changedAt, store.describe(),
                "the stored password differs from the one of the suspension");
    }

    private String fingerprint(byte[] stored) {
        try {
            return fingerprints.of(stored);
        } finally {
            Arrays.fill(stored, (byte) 0);
        }
    }

    /** The latest check, without reading the store. */
    @Transactional(readOnly = true)
    public Optional<CredentialCheck> latestCheck(CaseReference ref) {
        Optional<CredentialRecords.CheckRow> row = records.latestCheck(ref);
        Optional<CredentialRecords.Snapshot> snapshot = records.latestSnapshot(ref);
        return row.map(r -> new CredentialCheck(r.status(), r.checkedAt(), snapshot.map(CredentialRecords.Snapshot::takenAt).orElse(null),
                r.changedSeenAt(), store.describe(), r.note()));
    }

    /** Whether the latest answers' question 2 says the passwords were changed. */
    @Transactional(readOnly = true)
    public boolean claimedChange(CaseReference ref) {
        return answers.latest(ref).map(l -> l.prevention() != null && PasswordClaim.claimsChange(l.prevention().answer()))
                .orElse(false);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CaseCredentials.View> latest(CaseReference ref) {
        Optional<CredentialCheck> check = latestCheck(ref);
        List<String> resets = records.resets(ref).stream().map(CredentialReset::summary).toList();
        if (check.isEmpty() && resets.isEmpty() && !store.configured()) {
            return Optional.empty();
        }
        boolean claimed = claimedChange(ref);
        return Optional.of(check.map(k -> new CaseCredentials.View(k.status().name(), k.summary(), k.checkedAt(), k.suspendedAt(),
                        k.changedAt(), k.store(), claimed, claimed && k.status() == CredentialCheck.Status.UNCHANGED, resets))
                .orElse(new CaseCredentials.View(null, "password not checked yet (checked when the answers are reviewed)",
                        null, records.latestSnapshot(ref).map(CredentialRecords.Snapshot::takenAt).orElse(null), null,
                        store.describe(), claimed, false, resets)));
    }

    /** For the letters (follow-up, ask-again): checked now; empty when the password was changed or is not checked. */
    @Override
    @Transactional
    public Optional<PasswordFacts.Note> unchangedPassword(CaseReference ref) {
        if (!store.configured()) {
            return Optional.empty();
        }
        CredentialCheck k = check(ref);
        if (k.status() != CredentialCheck.Status.UNCHANGED) {
            return Optional.empty();
        }
        return Optional.of(new PasswordFacts.Note(k.suspendedAt(), claimedChange(ref), resetOffered(Channel.CUSTOMER)));
    }

    /**
     * The review form's fields: {@code credentialCheck} (checked now), {@code credentialClaim} (answer 2 against it)
     * and {@code credentialResets}.
     */
    @Transactional
    public Map<String, Object> reviewFields(CaseReference ref) {
        Map<String, Object> v = new LinkedHashMap<>();
        CredentialCheck k = check(ref);
        v.put("credentialCheck", k.summary());
        boolean claimed = claimedChange(ref);
        v.put("credentialClaim", !claimed ? "answer 2 does not say that the password was changed"
                : k.status() == CredentialCheck.Status.UNCHANGED
                ? "CONTRADICTED: answer 2 says the passwords were changed, but this password is unchanged since the suspension"
                : k.status() == CredentialCheck.Status.CHANGED ? "answer 2 says the passwords were changed: the check agrees"
                : "answer 2 says the passwords were changed; the check cannot tell");
        List<String> resets = records.resets(ref).stream().map(CredentialReset::summary).toList();
        v.put("credentialResets", resets.isEmpty() ? "none" : String.join("\n", resets));
        return v;
    }

    /** Whether a channel may have a new password set (configured, and the store can be written). */
    public boolean resetOffered(Channel channel) {
        boolean on = channel == Channel.OPERATOR ? properties.reset().operator() : properties.reset().customer();
        return on && store.configured();
    }

    /**
     * Sets a new random password for the case's account and returns it: the only copy, for the caller to show once.
     * The intent is recorded (and committed) first, then the store is changed, then the outcome is recorded; a
     * crash in between leaves the case saying that a reset started and was never confirmed. The audit says that a
     * password was set, never which.
     */
    public char[] reset(CaseReference ref, String actor, Channel channel) {
        if (!resetOffered(channel)) {
            throw new ResetRefusedException("setting a new password is not enabled for the " + channel.words
                    + " (relaywarden.credentials.reset." + channel.name().toLowerCase(Locale.ROOT) + ", and a credential"
                    + " store: relaywarden.credentials.store)");
        }
        RemediationCase c = cases.get(ref);
        if (!c.isOpen()) {
            throw new ResetRefusedException("case " + ref + " is closed");
        }
        long earlier = records.resets(ref).stream().filter(r -> r.state() != CredentialReset.State.FAILED).count();
        if (earlier >= properties.reset().maxPerCase()) {
            throw new ResetRefusedException("case " + ref + " has had " + earlier + " password resets, the most allowed"
                    + " (relaywarden.credentials.reset.max-per-case)");
        }
        Account account = c.account();
        long id = own.execute(tx -> {
            long row = records.insertReset(ref, clock.instant(), actor, channel.name());
            cases.audit(ref, actor, "CREDENTIAL_RESET_STARTED", "a new password for " + account + " is being set in "
                    + store.describe() + " (asked via the " + channel.words + ")");
            return row;
        });
        char[] password = Passwords.generate(properties.reset().length());
        try {
            store.setPassword(account, password);
        } catch (RuntimeException e) {
            Arrays.fill(password, '\0');
            String why = e.getMessage();
            own.executeWithoutResult(tx -> {
                records.finishReset(id, CredentialReset.State.FAILED, clock.instant(), why);
                cases.audit(ref, actor, "CREDENTIAL_RESET_FAILED", "setting a new password for " + account + " failed; the"
                        + " old one is still in force: " + why);
            });
            throw new CredentialStoreException("setting a new password failed: " + why, e);
        }
        own.executeWithoutResult(tx -> {
            records.finishReset(id, CredentialReset.State.DONE, clock.instant(), null);
            cases.audit(ref, actor, "CREDENTIAL_RESET", "a new password was set for " + account + " in " + store.describe()
                    + " and shown once to the " + (channel == Channel.CUSTOMER ? "customer on the questionnaire page" : "operator")
                    + " (not recorded)");
        });
        log.info("{}: a new password was set for {} (asked by {} via the {})", ref, account, actor, channel.words);
        return password;
    }

    /** A reset that is not allowed: switched off, case closed, too many. */
    public static class ResetRefusedException extends RuntimeException {
        public ResetRefusedException(String message) {
            super(message);
        }
    }
}
