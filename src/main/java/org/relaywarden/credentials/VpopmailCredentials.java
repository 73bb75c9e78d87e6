package org.relaywarden.credentials;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * vpopmail: the account's crypted password as {@code vuserinfo -p login} prints it (its {@code pw_passwd}).
 * A new password is set with {@code vpasswd login}, run under {@code setsid} so that it has no controlling
 * terminal and its {@code getpass} reads the password, twice, from standard input: never from the command line,
 * where {@code ps} would show it. (vpopmail's own {@code vpasswd -r} draws from {@code rand()} seeded with the
 * time and the process id; Relaywarden generates the password with {@link java.security.SecureRandom} instead.)
 * <p>
 * The crypted form has a fresh salt each time a password is set: setting the same password again counts as a change.
 */
final class VpopmailCredentials implements CredentialStore {

    private final CommandRunner runner;
    private final String vuserinfo;
    private final String vpasswd;
    private final String setsid;
    private final Duration timeout;

    VpopmailCredentials(CommandRunner runner, String vpopmailDir, String setsid, Duration timeout) {
        this.runner = runner;
        this.vuserinfo = vpopmailDir + "/bin/vuserinfo";
        this.vpasswd = vpopmailDir + "/bin/vpasswd";
        this.setsid = setsid;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "vpopmail";
    }

    @Override
    public String describe() {
        return "vpopmail " + vuserinfo + " (" + runner.describe() + ")";
    }

    @Override
    public Optional<byte[]> stored(Account account) {
        CommandResult r = runner.run(Command.of(timeout, vuserinfo, "-p", account.login()));
        byte[] out = r.stdout();
        try {
            String text = new String(out, StandardCharsets.UTF_8);
            if (!r.ok()) {
                if (text.startsWith("no such user")) {
                    return Optional.empty();
                }
                throw new CredentialStoreException(vuserinfo + " -p " + account + " failed with exit code " + r.exitCode()
                        + ": " + (r.stderr().isBlank() ? firstLine(text) : r.stderr().strip()));
            }
            String crypted = text.strip();
            if (crypted.isEmpty() || crypted.contains("\n")) {
                throw new CredentialStoreException(vuserinfo + " -p " + account + " printed no single password line");
            }
            return Optional.of(crypted.getBytes(StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    @Override
    public void setPassword(Account account, char[] password) {
        byte[] stdin = Passwords.twice(password);
        try {
            CommandResult r = runner.run(new Command(List.of(setsid, "-w", vpasswd, account.login()), stdin, timeout));
            String out = r.stdoutText();
            if (!r.ok() || out.startsWith("Error")) {
                throw new CredentialStoreException(vpasswd + " " + account + " failed with exit code " + r.exitCode() + ": "
                        + firstLine(out));
            }
        } finally {
            Arrays.fill(stdin, (byte) 0);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
