package org.relaywarden.enforcement.risk;

import org.relaywarden.cluster.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Reads every {@link ReceiverAnswers} source on a thread of its own and tells the core ({@link RiskCore#answered}):
 * the refusal signal (docs/risk.md) never waits on a log on the request path.
 */
public final class ReceiverAnswersFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReceiverAnswersFeed.class);

    private final List<ReceiverAnswers> sources;
    private final RiskCore core;
    private Periodic reader;

    public ReceiverAnswersFeed(List<ReceiverAnswers> sources, RiskCore core) {
        this.sources = List.copyOf(sources);
        this.core = core;
    }

    /** One read of every source. */
    public void readOnce() {
        for (ReceiverAnswers source : sources) {
            Periodic.quietly(log, "risk: reading what the receiving servers answered", "tried again at the next read",
                    () -> source.read().forEach(core::answered));
        }
    }

    public void start(Duration every) {
        readOnce();
        if (!sources.isEmpty()) {
            reader = Periodic.start("risk-receiver-answers", every, this::readOnce);
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.stop();
        }
    }
}
