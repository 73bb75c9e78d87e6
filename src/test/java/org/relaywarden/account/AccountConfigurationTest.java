package org.relaywarden.account;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code relaywarden.accounts.local-part} sets the one parse mode when the context starts. */
class AccountConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(AccountConfiguration.class);

    @AfterEach
    void defaultMode() {
        Account.resetLocalPartCase();
    }

    @Test
    void caseSensitiveIsSetFromConfiguration() {
        runner.withPropertyValues("relaywarden.accounts.local-part=case-sensitive").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(Account.localPartCase()).isEqualTo(Account.LocalPartCase.CASE_SENSITIVE);
            assertThat(Account.parse("Bigcorp@customer.test").login()).isEqualTo("Bigcorp@customer.test");
        });
    }

    @Test
    void caseInsensitiveIsTheDefaultAndCanBeNamed() {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        runner.run(context -> assertThat(Account.localPartCase()).isEqualTo(Account.LocalPartCase.CASE_INSENSITIVE));
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        runner.withPropertyValues("relaywarden.accounts.local-part=case-insensitive")
                .run(context -> assertThat(Account.parse("Bigcorp@customer.test").login()).isEqualTo("bigcorp@customer.test"));
    }

    @Test
    void anUnknownModeStopsTheStart() {
        runner.withPropertyValues("relaywarden.accounts.local-part=sometimes").run(context -> assertThat(context).hasFailed());
    }
}
