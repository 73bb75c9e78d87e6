package org.relaywarden.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
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

import java.util.List;
import java.util.Map;

/** Operators create, list and revoke API tokens. */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

    private final ApiTokens tokens;

    ApiTokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    record CreateToken(@NotNull String name, @NotEmpty List<String> groups) {
    }

    @PostMapping
    ResponseEntity<Map<String, String>> create(@Valid @RequestBody CreateToken request, Authentication who) {
        try {
            String token = tokens.create(request.name(), request.groups(), who.getName());
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", request.name(), "token", token,
                    "note", "shown once; Relaywarden keeps only its hash"));
        } catch (org.springframework.dao.DuplicateKeyException e) {
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
