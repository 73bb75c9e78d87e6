package org.relaywarden.security.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny OpenID Connect identity provider for tests: the token endpoint of the authorization code
 * flow and a JWKS, on an embedded HTTP server, handing out RS256-signed ID tokens with the claims a
 * test chose. The authorization endpoint is the test itself ({@link #login}): it reads Relaywarden's
 * redirect, and sends the browser back with a code.
 */
public final class FakeIdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "relaywarden";
    public static final String CLIENT_SECRET = "test-client-secret";

    private final HttpServer server;
    private final RSAKey key;
    private final String issuer;
    /** code → the claims of the ID token the token endpoint hands out for it. */
    private final Map<String, Map<String, Object>> codes = new ConcurrentHashMap<>();

    public FakeIdentityProvider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/jwks", x -> send(x, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/token", this::token);
        server.start();
    }

    /** Relaywarden's settings for a client registration "idp" at this provider, as command-line arguments. */
    public List<String> registration() {
        String r = "--spring.security.oauth2.client.registration.idp.";
        String p = "--spring.security.oauth2.client.provider.idp.";
        return List.of(r + "client-id=" + CLIENT_ID, r + "client-secret=" + CLIENT_SECRET,
                r + "authorization-grant-type=authorization_code",
                r + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}", r + "scope=openid",
                p + "authorization-uri=" + issuer + "/authorize", p + "token-uri=" + issuer + "/token",
                p + "jwk-set-uri=" + issuer + "/jwks", p + "user-name-attribute=preferred_username");
    }

    public String issuer() {
        return issuer;
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> params = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes());
        Map<String, Object> claims = codes.remove(params.getOrDefault("code", ""));
        if (!expected.equals(x.getRequestHeaders().getFirst("Authorization")) || claims == null) {
            send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT_ID)
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
            claims.forEach(set::claim);
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), set.build());
            idToken.sign(new RSASSASigner(key));
            send(x, 200, "{\"access_token\":\"at-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"scope\":\"openid\",\"id_token\":\"" + idToken.serialize() + "\"}");
        } catch (Exception e) {
            send(x, 500, "{}");
        }
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    public static Map<String, String> query(String q) {
        Map<String, String> m = new HashMap<>();
        for (String pair : q.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                m.put(URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    /** A browser against Relaywarden at {@code base}: keeps cookies, does not follow redirects. */
    public record Browser(String base, HttpClient http) {
        public Browser(String base) {
            this(base, HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build());
        }

        public HttpResponse<String> get(String url, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base + url)).GET();
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        public HttpResponse<String> post(String path, String json, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Logs a new browser in at Relaywarden as {@code user} whose groups at this provider are {@code groups}
     * (null: no groups claim): Relaywarden sends it here, it comes back with a code, Relaywarden redeems the
     * code. Returns the browser and Relaywarden's answer to the way back.
     */
    public Map.Entry<Browser, HttpResponse<String>> login(String base, String user, Object groups) throws Exception {
        Browser b = new Browser(base);
        HttpResponse<String> start = b.get("/oauth2/authorization/idp");
        if (start.statusCode() != 302) {
            throw new AssertionError("login start answered " + start.statusCode());
        }
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        if (!authorize.toString().startsWith(issuer + "/authorize?")) {
            throw new AssertionError("not sent to the identity provider: " + authorize);
        }
        Map<String, String> request = query(authorize.getRawQuery());
        if (!CLIENT_ID.equals(request.get("client_id")) || !"code".equals(request.get("response_type"))) {
            throw new AssertionError("unexpected authorization request " + request);
        }
        String code = "code-" + UUID.randomUUID();
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "idp-" + user);
        claims.put("preferred_username", user);
        claims.put("nonce", request.get("nonce"));
        if (groups != null) {
            claims.put("groups", groups);
        }
        codes.put(code, claims);
        HttpResponse<String> back = b.get(request.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(request.get("state"), StandardCharsets.UTF_8));
        return Map.entry(b, back);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
