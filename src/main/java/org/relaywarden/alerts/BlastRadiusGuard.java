package org.relaywarden.alerts;

import org.relaywarden.cases.CaseRecords;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Decides, when a case opens, whether it must wait for an operator before relaying is suspended: once
 * {@link BlastRadiusSettings#maxCases()} cases of the alert's source, or {@link BlastRadiusSettings#maxCasesTotal()}
 * cases of all sources, were opened without a hold in the sliding window. Counted from the case table, so every
 * node of a cluster sees the same figures. Exact under concurrency: the caller's transaction takes the guard's row
 * lock ({@link CaseRecords#lockBlastRadius}) before counting and keeps it until its case is committed, so concurrent
 * openings (on any node) are counted one after another; with the guard off nothing is locked. Alerts of the policy service's own limits (source {@code policy-limit})
 * are not exempt: their flood is already deferred on the request path, so holding its suspension costs an
 * operator's click and nothing else.
 */
@Component
class BlastRadiusGuard {

    private final CaseRecords cases;
    private final BlastRadiusSettings settings;
    private final Clock clock;

    BlastRadiusGuard(CaseRecords cases, BlastRadiusSettings settings, Clock clock) {
        this.cases = cases;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Why a new case from the source must be held (for its audit trail); null if it may be suspended at once. Call
     * in the transaction that opens the case: it holds the guard's lock from here until that transaction ends.
     */
    String hold(String source) {
        if (!settings.enabled()) {
            return null;
        }
        cases.lockBlastRadius();
        Instant since = clock.instant().minus(settings.window());
        int fromSource = cases.openedNotHeldSince(since, source);
        if (fromSource >= settings.maxCases()) {
            return "blast radius: " + fromSource + " cases from source " + source + " suspended in the last "
                    + settings.window() + " (at most " + settings.maxCases() + " per source)";
        }
        int overall = cases.openedNotHeldSince(since, null);
        if (overall >= settings.maxCasesTotal()) {
            return "blast radius: " + overall + " cases from all sources suspended in the last " + settings.window()
                    + " (at most " + settings.maxCasesTotal() + " overall)";
        }
        return null;
    }
}
