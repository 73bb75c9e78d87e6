package org.relaywarden.account;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.test", "kunde+shop@mail.example.de", "a.b_c-d@x-y.example", "Alice@EXAMPLE.test"})
    void acceptsSaslLogins(String login) {
        assertThat(Account.isValid(login)).isTrue();
    }

    @AfterEach
    void defaultMode() {
        Account.resetLocalPartCase();
    }

    @Test
    void byDefaultLowerCasesTheWholeLoginSoCaseVariantsAreOneAccount() {
        assertThat(Account.localPartCase()).isEqualTo(Account.LocalPartCase.CASE_INSENSITIVE);
        assertThat(Account.parse("Bigcorp@EXAMPLE.Test").login()).isEqualTo("bigcorp@example.test");
        assertThat(Account.parse("Bigcorp@EXAMPLE.Test")).isEqualTo(Account.parse("bigcorp@example.test"))
                .isEqualTo(Account.parse("BIGCORP@example.test"));
        assertThat(Account.parse("Bigcorp@example.test").caseFolded()).isEqualTo("bigcorp@example.test");
    }

    @Test
    void aMailAddressKeepsItsLocalPartWhateverTheLoginMode() {
        assertThat(Account.checkedAddress("Inhaber@Kunde.Example")).isEqualTo("Inhaber@kunde.example");
        assertThatThrownBy(() -> Account.checkedAddress("a b@kunde.example")).isInstanceOf(InvalidAccountException.class);
    }

    @Test
    void caseSensitiveLoginsKeepTheLocalPartButStillLowerCaseTheDomain() {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        assertThat(Account.parse("Bigcorp@EXAMPLE.Test").login()).isEqualTo("Bigcorp@example.test");
        assertThat(Account.parse("Bigcorp@EXAMPLE.Test")).isEqualTo(Account.parse("Bigcorp@example.test"))
                .isNotEqualTo(Account.parse("bigcorp@example.test"));
        assertThat(Account.parse("Bigcorp@example.test").caseFolded())
                .isEqualTo(Account.parse("bigcorp@example.test").caseFolded()).isEqualTo("bigcorp@example.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "@example.test", "alice@", "alice@example", "alice@@example.test",
            "a;b@example.test", "a b@example.test", "a\tb@example.test", "alice@example.test\n", "alice@exa\rmple.test",
            "$(id)@example.test", "`id`@example.test", "a|b@example.test", "a&b@example.test", "a>b@example.test",
            "../../etc/passwd@example.test", "a/b@example.test", "a\\b@example.test", "a\"b@example.test", "a'b@example.test",
            "a=b@example.test", "a:b@example.test", "a*b@example.test", "alice@-example.test", "alice@exa_mple.test",
            ".alice@example.test", "alice.@example.test", "al..ice@example.test", "alice@example..test", "a\u0000b@example.test",
            "ä@example.test", "-d@example.test", "--help@example.test", "+x@example.test", "alice@exämple.test", "alice@example.test REJECT", "alice@example.test,bob@example.test",
            "\u212Aunde@example.test", "kunde@\u212Aunde.example", "\u0130nhaber@example.test"})
    void refusesAnythingAShellAMapOrAFileCouldMisread(String hostile) {
        assertThatThrownBy(() -> Account.parse(hostile)).isInstanceOf(InvalidAccountException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hostile.isEmpty() ? "\u0001" : hostile));
    }

    @Test
    void refusesOverlongAndMissingInput() {
        assertThatThrownBy(() -> Account.parse(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> Account.parse("a".repeat(65) + "@example.test")).isInstanceOf(InvalidAccountException.class);
        assertThatThrownBy(() -> Account.parse("a@" + "b".repeat(250) + ".test")).hasMessageContaining("longer than 254");
    }
}
