package org.relaywarden.enforcement.exim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.enforcement.policy.DurableAnswers;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lsearch file's text: one line per suspended or held account, case variants folded (lsearch ignores case). */
class SuspendedLoginsTest {

    @AfterEach
    void resetCase() {
        Account.resetLocalPartCase();
    }

    @Test
    void rendersSuspendedAndHeldAccountsOnly() {
        Map<Account, AccountStates.Entry> states = new LinkedHashMap<>();
        states.put(Account.parse("a@x.test"), new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-1"));
        states.put(Account.parse("b@x.test"), new AccountStates.Entry(RelayState.HELD, "staged re-enable, case RW-2"));
        states.put(Account.parse("c@x.test"), new AccountStates.Entry(RelayState.PROBATION, ""));
        states.put(Account.parse("d@x.test"), new AccountStates.Entry(RelayState.SUSPENDED, "line\nbreak\u0000"));
        assertThat(SuspendedLogins.render(DurableAnswers.of(states, RefusalCode.PERMANENT))).isEqualTo("""
                # written by Relaywarden; every change here is overwritten
                a@x.test: 554 5.7.1 relaying suspended, case RW-1
                b@x.test: HOLD staged re-enable, case RW-2
                d@x.test: 554 5.7.1 line break
                """);
    }

    @Test
    void caseVariantsAreOneLineASuspensionBeforeAHold() {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        Map<Account, AccountStates.Entry> states = new LinkedHashMap<>();
        states.put(Account.parse("Kunde@x.test"), new AccountStates.Entry(RelayState.HELD, "hold"));
        states.put(Account.parse("kunde@x.test"), new AccountStates.Entry(RelayState.SUSPENDED, "suspended"));
        assertThat(SuspendedLogins.render(DurableAnswers.of(states, RefusalCode.TEMPORARY)).lines().filter(l -> !l.startsWith("#")))
                .containsExactly("kunde@x.test: 451 4.7.1 suspended");
    }
}
