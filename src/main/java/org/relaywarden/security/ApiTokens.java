package org.relaywarden.security;

import org.relaywarden.web.BadRequestException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Named, revocable API tokens for monitoring systems ({@code Authorization: Bearer rw_...}).
 * A token has 256 random bits; only its SHA-256 is stored, so the database never holds a usable token.
 * Every token expires: after {@code relaywarden.security.tokens.default-validity} (P90D) unless its creator asks
 * for another validity, never later than {@code max-validity} (P365D). Only people create tokens (the controller
 * refuses a token's request), and the creating principal is recorded; revoking a token also revokes any token
 * created with it (from before tokens could not create tokens).
 */
@Service
@Transactional
public class ApiTokens {

    static final String PREFIX = "rw_";
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Set<String> GRANTABLE = Set.of(Roles.MONITORING, Roles.OPERATORS, Roles.AGENTS, Roles.LEADS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration defaultValidity;
    private final Duration maxValidity;

    ApiTokens(JdbcTemplate jdbc, Clock clock,
              @Value("${relaywarden.security.tokens.default-validity:P90D}") Duration defaultValidity,
              @Value("${relaywarden.security.tokens.max-validity:P365D}") Duration maxValidity) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.defaultValidity = defaultValidity;
        this.maxValidity = maxValidity;
        if (defaultValidity.compareTo(maxValidity) > 0 || defaultValidity.isNegative() || defaultValidity.isZero()) {
            throw new IllegalStateException("relaywarden.security.tokens.default-validity must be positive and at most max-validity");
        }
    }

    public record TokenInfo(String name, List<String> groups, String createdBy, Instant createdAt, Instant expiresAt,
                            Instant revokedAt) {
    }

    public record Created(String token, Instant expiresAt) {
    }

    /** Creates a token valid for the given time (null: the default) and returns it; this is the only time it is seen. */
    public Created create(String name, List<String> groups, String createdBy, Duration validity) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("invalid token", "token name must be 1-64 of a-z 0-9 . _ - (lower case)");
        }
        if (groups == null || groups.isEmpty() || !GRANTABLE.containsAll(groups)) {
            throw new BadRequestException("invalid token", "groups must be some of " + GRANTABLE);
        }
        Duration valid = validity == null ? defaultValidity : validity;
        if (valid.isNegative() || valid.isZero() || valid.compareTo(maxValidity) > 0) {
            throw new BadRequestException("invalid token", "validity must be positive and at most " + maxValidity);
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(valid);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.update("INSERT INTO api_token (name, token_hash, groups, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                name, hash(token), String.join(",", groups), createdBy, now.atOffset(ZoneOffset.UTC),
                expiresAt.atOffset(ZoneOffset.UTC));
        return new Created(token, expiresAt);
    }

    public enum Provisioned { CREATED, UNCHANGED, REPLACED, REVOKED_OR_EXPIRED }

    /**
     * Makes the given token (one a provider generated and put into a secret file) the token named {@code name}:
     * created if there is none, replaced (new hash, new validity, not revoked) if the file holds another one,
     * left alone if it is the same, also when it was revoked or has expired (never revived). A token of that name
     * that a person created is not taken over.
     */
    public Provisioned provision(String name, String token, String group, String createdBy) {
        if (name == null || !NAME.matcher(name).matches() || !GRANTABLE.contains(group)) {
            throw new IllegalArgumentException("invalid token name or group");
        }
        String hash = hash(token);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT token_hash, created_by FROM api_token WHERE name = ? FOR UPDATE", name);
        Instant now = clock.instant();
        // as long as a token may be valid: a provisioned token is replaced by putting a new one into its file
        OffsetDateTime expires = now.plus(maxValidity).atOffset(ZoneOffset.UTC);
        if (rows.isEmpty()) {
            jdbc.update("INSERT INTO api_token (name, token_hash, groups, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                    name, hash, group, createdBy, now.atOffset(ZoneOffset.UTC), expires);
            return Provisioned.CREATED;
        }
        if (!createdBy.equals(rows.get(0).get("created_by"))) {
            throw new IllegalStateException("an API token named '" + name + "' exists and was not provisioned: revoke it and"
                    + " choose another name, or name the provisioned token differently");
        }
        if (hash.equals(rows.get(0).get("token_hash"))) {
            return authenticate(token).isPresent() ? Provisioned.UNCHANGED : Provisioned.REVOKED_OR_EXPIRED;
        }
        jdbc.update("UPDATE api_token SET token_hash = ?, groups = ?, created_at = ?, expires_at = ?, revoked_at = NULL WHERE name = ?",
                hash, group, now.atOffset(ZoneOffset.UTC), expires, name);
        return Provisioned.REPLACED;
    }

    /** The groups of a valid, unrevoked, unexpired token. */
    @Transactional(readOnly = true)
    public Optional<TokenInfo> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbc.query("SELECT * FROM api_token WHERE token_hash = ? AND revoked_at IS NULL", (rs, n) -> info(rs),
                hash(token)).stream().filter(t -> now.isBefore(t.expiresAt())).findFirst();
    }

    /** Revokes the token and, with it, every token created with it (and theirs). */
    public boolean revoke(String name) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        boolean revoked = jdbc.update("UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", now, name) > 0;
        Deque<String> parents = new ArrayDeque<>(List.of(name));
        Set<String> seen = new HashSet<>(parents);
        while (!parents.isEmpty()) {
            String parent = parents.pop();
            for (String child : jdbc.queryForList("SELECT name FROM api_token WHERE created_by = ?", String.class,
                    "token:" + parent)) {
                jdbc.update("UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", now, child);
                if (seen.add(child)) {
                    parents.push(child);
                }
            }
        }
        return revoked;
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> list() {
        return jdbc.query("SELECT * FROM api_token ORDER BY name", (rs, n) -> info(rs));
    }

    private TokenInfo info(ResultSet rs) throws SQLException {
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
        Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        return new TokenInfo(rs.getString("name"), Arrays.asList(rs.getString("groups").split(",")),
                rs.getString("created_by"), created, expires == null ? created.plus(maxValidity) : expires.toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
