package org.relaywarden.testsupport;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyService;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;

import java.time.Clock;
import java.util.function.Function;

/**
 * The simulated sandbox relay without the application, for tests of what uses its queue and log: it asks a policy
 * core of its own in memory (relay states, every account active; counting once; no limits or risk).
 */
public final class SimulatedRelay {

    /** The relay state of every account of such a core. */
    public static final Function<Account, RelayState> ALL_ACTIVE = account -> RelayState.ACTIVE;

    private SimulatedRelay() {
    }

    /** A policy core in memory in which every account is active. */
    public static PolicyService core(Clock clock) {
        return new PolicyDecider(new AccountStates(), new TrafficCounters(clock, SandboxMailServer.RELAY_NAME),
                () -> RefusalCode.TEMPORARY, clock);
    }

    /** The simulated relay on such a core. */
    public static SandboxMailServer on(Clock clock) {
        return new SandboxMailServer(clock, core(clock), ALL_ACTIVE);
    }
}
