package org.relaywarden.account;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the one account grammar: whatever comes in, what comes out is safe for a shell, a map line and a path. */
class AccountGrammarProperties {

    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]*@[a-z0-9.-]+");

    @Property(tries = 3000)
    void anyStringIsRefusedOrBecomesASafeLogin(@ForAll String raw) {
        try {
            Account a = Account.parse(raw);
            assertThat(a.login()).matches(SAFE).hasSizeLessThanOrEqualTo(Account.MAX_LENGTH);
            assertThat(Account.parse(a.login())).isEqualTo(a);
        } catch (InvalidAccountException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 3000)
    void stringsWithShellOrMapMetacharactersAreAlwaysRefused(@ForAll("withMetacharacter") String raw) {
        assertThat(Account.isValid(raw)).isFalse();
    }

    @Property(tries = 2000)
    void wellFormedLoginsAreAcceptedWithTheirLocalPartLowerCasedByDefault(@ForAll("logins") String login) {
        Account a = Account.parse(login);
        String local = login.substring(0, login.indexOf('@'));
        assertThat(a.login().substring(0, a.login().indexOf('@'))).isEqualTo(local.toLowerCase(Locale.ROOT));
        assertThat(Account.parse(local.toUpperCase(Locale.ROOT) + "@" + a.domain())).isEqualTo(a);
    }

    @Property(tries = 2000)
    void caseSensitiveLoginsKeepTheirLocalPart(@ForAll("logins") String login) {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        try {
            Account a = Account.parse(login);
            assertThat(a.login().substring(0, a.login().indexOf('@'))).isEqualTo(login.substring(0, login.indexOf('@')));
            assertThat(Account.parse(a.login())).isEqualTo(a);
        } finally {
            Account.resetLocalPartCase();
        }
    }

    @Provide
    Arbitrary<String> withMetacharacter() {
        Arbitrary<String> base = logins();
        Arbitrary<Character> meta = Arbitraries.of(' ', '\t', '\n', '\r', '\u0000', ';', '|', '&', '$', '`', '\'', '"',
                '\\', '/', '<', '>', '(', ')', '{', '}', '*', '?', '=', ':', ',', '#', '!', '~', '%', '\u00e4', '\u202e');
        return Combinators.combine(base, meta, Arbitraries.integers().between(0, 1000))
                .as((s, c, pos) -> {
                    int i = pos % (s.length() + 1);
                    return s.substring(0, i) + c + s.substring(i);
                });
    }

    @Provide
    Arbitrary<String> logins() {
        Arbitrary<String> atom = Arbitraries.strings().withChars("abcXYZ019_+-").ofMinLength(1).ofMaxLength(12);
        Arbitrary<Character> first = Arbitraries.of('a', 'Z', '0', '9', '_');
        Arbitrary<String> local = Combinators.combine(first, atom.list().ofMinSize(1).ofMaxSize(3))
                .as((f, l) -> f + String.join(".", l));
        Arbitrary<String> label = Arbitraries.strings().withChars("abz09").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> domain = label.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }
}
