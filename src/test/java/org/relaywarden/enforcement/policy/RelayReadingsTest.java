package org.relaywarden.enforcement.policy;

import org.assertj.core.groups.Tuple;
import org.relaywarden.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.RelayReading;
import org.relaywarden.enforcement.RelayState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account's state on each configured relay (the Cockpit case tab's "on each relay"): one reading per relay of
 * the durable layer, each the policy service's answer, and whether the relays' durable layers have the newest
 * change. The durable layer here is a simulated one that records what it is given and can be made to fail.
 */
class RelayReadingsTest {

    static final Account ALICE = Account.parse("alice@readings.test");

    /** Simulated durable layer of two relays; {@code failing} makes every write fail on relay-2. */
    static final class SimulatedDurableLayer implements DurableRefusals {
        boolean failing;
        final List<List<DurableAnswer>> writes = new ArrayList<>();

        @Override
        public List<String> bringInLine(List<DurableAnswer> answers) {
            writes.add(answers);
            return failing ? List.of("relay relay-2: simulated write failure") : List.of();
        }

        @Override
        public List<String> relayNames() {
            return List.of("relay-1", "relay-2");
        }

        @Override
        public String mailServer() {
            return "a simulated mail server";
        }

        @Override
        public String describe() {
            return "the simulated layer of 2 relays";
        }
    }

    @Test
    void eachRelayIsReadWithTheStateItIsToldAndWhetherItsLayerIsInLine() {
        DriverManagerDataSource ds = TestDatabase.migrated();
        RelayStateRepository repository = new RelayStateRepository(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), "test");
        SimulatedDurableLayer layer = new SimulatedDurableLayer();
        PolicyRelayControl control = new PolicyRelayControl(new AccountStates(), repository, layer, () -> RefusalCode.TEMPORARY, Clock.systemUTC());

        assertThat(control.onEachRelay(ALICE)).extracting(RelayReading::relay, RelayReading::state)
                .containsExactly(Tuple.tuple("relay-1", RelayState.ACTIVE),
                        Tuple.tuple("relay-2", RelayState.ACTIVE));

        control.suspend(ALICE, "case RW-1");
        List<RelayReading> suspended = control.onEachRelay(ALICE);
        assertThat(suspended).extracting(RelayReading::state).containsOnly(RelayState.SUSPENDED);
        assertThat(suspended.get(0).detail()).contains("written with the newest change").doesNotContain("not yet");

        layer.failing = true;
        assertThatThrownBy(() -> control.hold(ALICE, "case RW-1")).isInstanceOf(MailServerException.class);
        List<RelayReading> held = control.onEachRelay(ALICE);
        assertThat(held).extracting(RelayReading::state).containsOnly(RelayState.HELD);
        assertThat(held.get(1).detail()).contains("not yet written with the newest change");

        layer.failing = false;
        control.hold(ALICE, "case RW-1"); // the retried job writes again
        assertThat(control.onEachRelay(ALICE).get(1).detail()).contains("written with the newest change").doesNotContain("not yet");
    }
}
