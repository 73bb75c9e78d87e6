package org.relaywarden.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.relaywarden.cases.CaseRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Issue 16.8: one credential sending 300 alerts with distinct sources made 305 metric series. */
class RelaywardenMetricsTest {

    @Test
    void theSourceLabelTakesABoundedSetOfValues() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RelaywardenMetrics metrics = new RelaywardenMetrics(registry, mock(CaseRecords.class));
        for (int i = 0; i < 300; i++) {
            metrics.alert("source-" + i, "folded");
        }
        metrics.alert("source-0", "folded");
        var series = registry.find("relaywarden.alerts").counters();
        assertThat(series).hasSize(RelaywardenMetrics.MAX_SOURCES + 1);
        assertThat(registry.get("relaywarden.alerts").tag("source", "other").counter().count())
                .isEqualTo(300 - RelaywardenMetrics.MAX_SOURCES);
        assertThat(registry.get("relaywarden.alerts").tag("source", "source-0").counter().count()).isEqualTo(2);
        double total = series.stream().mapToDouble(c -> c.count()).sum();
        assertThat(total).as("nothing is lost, only lumped").isEqualTo(301);
    }
}
