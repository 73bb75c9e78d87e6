package org.relaywarden.security;

import org.relaywarden.web.BadRequestException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Named, revocable API tokens for monitoring systems ({@code Authorization: Bearer rw_...}).
 * A token has 256 random bits; only its SHA-256 is stored, so the database never holds a usable token.
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

    ApiTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record TokenInfo(String name, List<String> groups, String createdBy, Instant createdAt, Instant revokedAt) {
    }

    /** Creates a token and returns it; this is the only time it is seen. */
    public String create(String name, List<String> groups, String createdBy) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("invalid token", "token name must be 1-64 of a-z 0-9 . _ - (lower case)");
        }
        if (groups == null || groups.isEmpty() || !GRANTABLE.containsAll(groups)) {
            throw new BadRequestException("invalid token", "groups must be some of " + GRANTABLE);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.update("INSERT INTO api_token (name, token_hash, groups, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                name, hash(token), String.join(",", groups), createdBy, clock.instant().atOffset(ZoneOffset.UTC));
        return token;
    }

    /** The groups of a valid, unrevoked token. */
    @Transactional(readOnly = true)
    public Optional<TokenInfo> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.query("SELECT * FROM api_token WHERE token_hash = ? AND revoked_at IS NULL", (rs, n) -> info(rs),
                hash(token)).stream().findFirst();
    }

    public boolean revoke(String name) {
        return jdbc.update("UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                clock.instant().atOffset(ZoneOffset.UTC), name) > 0;
    }

    @Transactional(readOnly = true)
    public List<TokenInfo> list() {
        return jdbc.query("SELECT * FROM api_token ORDER BY name", (rs, n) -> info(rs));
    }

    private static TokenInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        return new TokenInfo(rs.getString("name"), Arrays.asList(rs.getString("groups").split(",")),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
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
