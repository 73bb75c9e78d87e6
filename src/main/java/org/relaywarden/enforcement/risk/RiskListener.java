package org.relaywarden.enforcement.risk;

/**
 * Told, on the policy service's thread, when an account's risk first reaches {@link RiskLevel#HOLD}
 * or {@link RiskLevel#SUSPEND} (and again when it rises from HOLD to SUSPEND). Implementations must
 * return at once (hand the work to a thread of their own): the policy core never waits on the
 * database or the engine.
 */
public interface RiskListener {

    RiskListener NONE = verdict -> { };

    void risky(RiskVerdict verdict);
}
