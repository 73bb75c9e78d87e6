package org.relaywarden.security;

/** Test access to how tokens are stored (their SHA-256), for tests that plant a token row. */
public final class ApiTokensAccess {
    private ApiTokensAccess() {
    }

    public static String hash(String token) {
        return ApiTokens.hash(token);
    }
}
