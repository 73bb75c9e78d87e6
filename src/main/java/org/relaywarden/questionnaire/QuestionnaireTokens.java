package org.relaywarden.questionnaire;

import org.relaywarden.cases.CaseReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secrets that let a customer in without a login. A questionnaire token is 256 random bits,
 * base64url; only its SHA-256 is stored, bound to one case, with an expiry. A reply token (the
 * {@code TOKEN} of {@code abuse+TOKEN@...}) is 128 random bits in lower-case hex, because mail
 * systems may fold the case of an address's local part. Creating either commits on its own: a
 * letter that was recorded with a token must find it, even if the job that rendered it rolled back.
 */
@Component
public class QuestionnaireTokens {

    static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    static final Pattern REPLY_TOKEN_FORMAT = Pattern.compile("[0-9a-f]{32}");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final QuestionnaireSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    QuestionnaireTokens(JdbcTemplate jdbc, PlatformTransactionManager tm, QuestionnaireSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
        this.clock = clock;
    }

    record Issued(String token, Instant expiresAt) {
    }

    Issued issue(CaseReference ref) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.tokenValidity());
        own.executeWithoutResult(s -> jdbc.update(
                "INSERT INTO questionnaire_token (token_hash, case_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                sha256(token), ref.id(), now.atOffset(ZoneOffset.UTC), expires.atOffset(ZoneOffset.UTC)));
        return new Issued(token, expires);
    }

    /**
     * The case a token opens, if the token is well-formed, known and not expired. A malformed,
     * unknown and expired token all give the same empty answer.
     */
    Optional<CaseReference> resolve(String token) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.query("SELECT case_id, expires_at FROM questionnaire_token WHERE token_hash = ?",
                        (rs, n) -> rs.getObject("expires_at", OffsetDateTime.class).toInstant().isAfter(clock.instant())
                                ? new CaseReference(rs.getLong("case_id")) : null, sha256(token))
                .stream().filter(Objects::nonNull).findFirst();
    }

    String replyToken(CaseReference ref) {
        Optional<String> existing = findReplyToken(ref);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        try {
            own.executeWithoutResult(s -> jdbc.update("INSERT INTO case_reply_address (case_id, token) VALUES (?, ?)",
                    ref.id(), token));
            return token;
        } catch (DuplicateKeyException raced) {
            return findReplyToken(ref).orElseThrow(() -> raced);
        }
    }

    /** The case whose reply address carries this token (lower-case hex), if any. */
    public Optional<CaseReference> caseOfReplyToken(String token) {
        if (token == null || !REPLY_TOKEN_FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.query("SELECT case_id FROM case_reply_address WHERE token = ?",
                (rs, n) -> new CaseReference(rs.getLong(1)), token).stream().findFirst();
    }

    private Optional<String> findReplyToken(CaseReference ref) {
        return own.execute(s -> jdbc.queryForList("SELECT token FROM case_reply_address WHERE case_id = ?", String.class,
                ref.id()).stream().findFirst());
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
