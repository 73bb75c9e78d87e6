package org.relaywarden.scenario;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening a case and starting its process are one transaction (as {@link AlertService} does them):
 * a crash after the process started (its first savepoint reached) leaves neither a case without a
 * process nor a process without a case, and the alert sent again opens exactly one of each.
 * (Failed before the fix in CaseFactsPlugin: one variable guard shared by both of the engine's
 * command chains sent every command into the REQUIRES_NEW chain, so the process committed apart
 * from the case.) In the shared scenario context on purpose: a second context on the same database
 * would run a second job executor that takes the other tests' jobs.
 */
@RelaywardenSpringBootTest
class AlertTransactionTest {

    @Autowired
    RemediationProcess process;
    @Autowired
    AlertService alerts;
    @Autowired
    CaseRecords cases;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager tm;
    @Autowired
    SandboxMailServer sandbox;

    int count(String sql, String account) {
        return jdbc.queryForObject(sql, Integer.class, account);
    }

    @Test
    void aCrashAfterTheProcessStartedRollsBackTheCaseAndTheProcessAndTheAlertSentAgainOpensOneOfEach() {
        Account account = Account.parse("crash@tx.example");
        String[] started = new String[1];
        assertThatThrownBy(() -> new TransactionTemplate(tm).executeWithoutResult(s -> {
            CaseReference ref = cases.open(new NewCase(account, "queue-monitor", "many deferred", false, null,
                    account.login(), "de"), "monitoring");
            process.start(ref, account, false);
            started[0] = ref.toString();
            assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(ref.toString()).count())
                    .as("the process sees its case's transaction").isEqualTo(1);
            throw new IllegalStateException("node died after the process started");
        })).hasMessageContaining("node died");

        assertThat(started[0]).isNotNull();
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE account = ?", account.login())).isZero();
        assertThat(count("SELECT COUNT(*) FROM case_audit a JOIN remediation_case c ON c.id = a.case_id WHERE c.account = ?",
                account.login())).isZero();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(started[0]).count())
                .as("no process without its case").isZero();
        assertThat(runtime.createProcessInstanceQuery().variableValueEquals("account", account.login()).count()).isZero();

        AlertRequest alert = new AlertRequest(account.login(), "queue-monitor", "many deferred", null, null, null, null, null);
        AlertService.Result again = alerts.raise(alert, "monitoring", null);
        assertThat(again.status()).isEqualTo(AlertService.Status.OPENED);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(again.ref().toString()).count()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE account = ?", account.login())).isEqualTo(1);
        // and the process goes on from its savepoint: the account is suspended
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (sandbox.stateOf(account) != RelayState.SUSPENDED && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertThat(sandbox.stateOf(account)).isEqualTo(RelayState.SUSPENDED);
    }
}
