package org.relaywarden.credentials;

import org.relaywarden.account.Account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Dovecot passwd-file ({@code user:password:uid:gid:gecos:home:shell:extra}, comments with {@code #}), on
 * this machine. The user field is the whole login ({@code %u}, the default) or its local part ({@code %n}, for
 * per-domain files); the path may hold {@code %d} for the login's domain ({@code /etc/dovecot/users/%d}). The
 * password field (a {@code {SCHEME}hash}) is what is fingerprinted. A new password is written as
 * {@code {SSHA512}} into a copy of the file (same owner, group and mode) that then replaces it in one move,
 * so Dovecot never reads half a file.
 */
final class PasswdFileCredentials implements CredentialStore {

    private final String path;
    private final boolean localPartOnly;

    PasswdFileCredentials(String path, boolean localPartOnly) {
        this.path = path;
        this.localPartOnly = localPartOnly;
    }

    @Override
    public String name() {
        return "passwd-file";
    }

    @Override
    public String describe() {
        return "passwd-file " + path;
    }

    Path file(Account account) {
        return Path.of(path.replace("%d", account.domain()));
    }

    private String user(Account account) {
        return localPartOnly ? account.login().substring(0, account.login().indexOf('@')) : account.login();
    }

    @Override
    public Optional<byte[]> stored(Account account) {
        Path file = file(account);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read the passwd-file " + file + ": " + e);
        }
        String user = user(account);
        for (String line : lines) {
            String[] f = fields(line);
            if (f != null && f[0].equals(user)) {
                return Optional.of(f[1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The user and password fields of a line, or null for a comment, an empty or a malformed line. */
    static String[] fields(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        int c1 = line.indexOf(':');
        if (c1 <= 0) {
            return null;
        }
        int c2 = line.indexOf(':', c1 + 1);
        return new String[]{line.substring(0, c1), c2 < 0 ? line.substring(c1 + 1) : line.substring(c1 + 1, c2)};
    }

    @Override
    public synchronized void setPassword(Account account, char[] password) {
        Path file = file(account);
        String user = user(account);
        char[] encoded = PasswordScheme.SSHA512.encode(password);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(lines.size());
            boolean found = false;
            for (String line : lines) {
                String[] f = fields(line);
                if (f != null && f[0].equals(user) && !found) {
                    int c1 = line.indexOf(':');
                    int c2 = line.indexOf(':', c1 + 1);
                    out.add(line.substring(0, c1 + 1) + new String(encoded) + (c2 < 0 ? "" : line.substring(c2)));
                    found = true;
                } else {
                    out.add(line);
                }
            }
            if (!found) {
                throw new CredentialStoreException("the passwd-file " + file + " has no user " + user);
            }
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".relaywarden");
            try {
                copyOwnership(file, tmp);
                Files.write(tmp, out, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CredentialStoreException("cannot write the passwd-file " + file + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage());
        } finally {
            Arrays.fill(encoded, '\0');
        }
    }

    private static void copyOwnership(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        PosixFileAttributes a = Files.readAttributes(from, PosixFileAttributes.class);
        view.setPermissions(a.permissions());
        try {
            view.setGroup(a.group());
            view.setOwner(a.owner());
        } catch (IOException | SecurityException e) {
            // not root: the copy keeps our owner, the mode is kept
        }
    }
}
