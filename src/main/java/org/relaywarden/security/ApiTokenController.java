package org.relaywarden.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Operators create, list and revoke API tokens. Only a person creates one: a request authenticated by an API token
 * is refused (403), so no token outlives the token it was made with. {@code validity} (ISO-8601, e.g. {@code P30D})
 * is optional: the default and the maximum are configured ({@link ApiTokens}).
 */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    record CreateToken(@NotNull String name, @NotEmpty List<String> groups, Duration validity) {
    }

    @PostMapping
    ResponseEntity<Map<String, String>> create(@Valid @RequestBody CreateToken request, Authentication who) {
        if (who.getName().startsWith(ApiTokenFilter.PRINCIPAL_PREFIX)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("detail",
                    "an API token cannot create API tokens; an operator creates them with HTTP Basic or a login"));
        }
        try {
            ApiTokens.Created created = tokens.create(request.name(), request.groups(), who.getName(), request.validity());
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", request.name(), "token", created.token(),
                    "expiresAt", created.expiresAt().toString(), "note", "shown once; Relaywarden keeps only its hash"));
        } catch (DuplicateKeyException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("detail", "a token named " + request.name() + " exists"));
        }
    }

    @GetMapping
    List<ApiTokens.TokenInfo> list() {
        return tokens.list();
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> revoke(@PathVariable("name") String name) {
        return tokens.revoke(name) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
