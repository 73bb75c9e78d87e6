package org.relaywarden.cluster.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A server-side script sent by its SHA-1, and once more with its text when Redis lost it (a restart): the one way the
 * node runs a script, for {@link SharedStore.Script} and {@link GroupCommit} alike.
 */
final class LuaScript {

    private final String lua;
    private final String sha;

    LuaScript(String lua) {
        this.lua = lua;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(lua.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The script's reply; fails as the command failed (but for a lost script, which is sent again with its text). */
    <T> CompletableFuture<T> eval(RedisAsyncCommands<String, String> commands, ScriptOutputType type, String[] keys,
                                  String... args) {
        return commands.<T>evalsha(sha, type, keys, args).toCompletableFuture()
                .handle((r, e) -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RedisNoScriptException) {
                        return commands.<T>eval(lua, type, keys, args).toCompletableFuture();
                    }
                    return e == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<T>failedFuture(cause);
                })
                .thenCompose(f -> f);
    }
}
