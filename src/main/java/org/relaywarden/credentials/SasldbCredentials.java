package org.relaywarden.credentials;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Cyrus SASL's sasldb ({@code sasldb2}, a Berkeley DB hash file), as Postfix's {@code smtpd} with
 * {@code auxprop_plugin: sasldb} reads it. sasldb keeps the secret itself (plaintext), under the key
 * {@code user NUL realm NUL userPassword}; Relaywarden reads it with {@code db_dump} (Debian's
 * {@code db-util}, a dependency of {@code sasl2-bin}), keeps only the matching value in memory for the
 * fingerprint and wipes it. A login {@code local@domain} is the user {@code local} in the realm
 * {@code domain} ({@code saslpasswd2 -u domain local}; Cyrus itself splits an authid with {@code @} so). A new
 * password goes to {@code saslpasswd2 -p} on standard input, and only for a user the sasldb has (saslpasswd2 would
 * create one).
 */
final class SasldbCredentials implements CredentialStore {

    private final CommandRunner runner;
    private final String database;
    private final String dbDump;
    private final String saslpasswd2;
    private final Duration timeout;

    SasldbCredentials(CommandRunner runner, String database, String dbDump, String saslpasswd2, Duration timeout) {
        this.runner = runner;
        this.database = database;
        this.dbDump = dbDump;
        this.saslpasswd2 = saslpasswd2;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "sasldb";
    }

    @Override
    public String describe() {
        return "sasldb " + database + " (" + runner.describe() + ")";
    }

    /** The user and realm sasldb files the login under. */
    static List<String> userAndRealm(Account account) {
        String login = account.login();
        int at = login.indexOf('@');
        return List.of(login.substring(0, at), login.substring(at + 1));
    }

    @Override
    public Optional<byte[]> stored(Account account) {
        List<String> ur = userAndRealm(account);
        String key = " " + HexFormat.of().formatHex((ur.get(0) + "\0" + ur.get(1) + "\0userPassword").getBytes(StandardCharsets.UTF_8));
        CommandRunner.Streamed<byte[]> s = runner.stream(Command.of(timeout, dbDump, database), out -> {
            // db_dump's bytevalue format: a header up to HEADER=END, then one line per key and one per value, each
            // a space and the bytes in hex; only the value after our key is kept
            BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.US_ASCII));
            boolean data = false;
            byte[] found = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (!data) {
                    data = line.equals("HEADER=END");
                    continue;
                }
                if (line.equals("DATA=END")) {
                    break;
                }
                String value = r.readLine();
                if (value == null) {
                    break;
                }
                if (found == null && line.equalsIgnoreCase(key)) {
                    found = HexFormat.of().parseHex(value.strip());
                }
            }
            while (r.read() >= 0) {
                // drain, so that db_dump is not left blocked on a full pipe
            }
            return found;
        });
        if (!s.result().ok()) {
            if (s.value() != null) {
                Arrays.fill(s.value(), (byte) 0);
            }
            throw new CredentialStoreException(dbDump + " " + database + " failed with exit code " + s.result().exitCode()
                    + ": " + s.result().stderr().strip());
        }
        return Optional.ofNullable(s.value());
    }

    @Override
    public void setPassword(Account account, char[] password) {
        List<String> ur = userAndRealm(account);
        Optional<byte[]> existing = stored(account);
        if (existing.isEmpty()) {
            throw new CredentialStoreException("the sasldb " + database + " has no user " + ur.get(0) + " in realm " + ur.get(1)
                    + " (saslpasswd2 would create one): no password set");
        }
        Arrays.fill(existing.get(), (byte) 0);
        byte[] stdin = Passwords.utf8(password);
        try {
            // -p reads the password from standard input
            CommandResult r = runner.run(new Command(List.of(saslpasswd2, "-p", "-f", database, "-u", ur.get(1), ur.get(0)),
                    stdin, timeout));
            if (!r.ok()) {
                throw new CredentialStoreException(saslpasswd2 + " -f " + database + " for " + account + " failed with exit code "
                        + r.exitCode() + ": " + r.stderr().strip());
            }
        } finally {
            Arrays.fill(stdin, (byte) 0);
        }
    }

}
