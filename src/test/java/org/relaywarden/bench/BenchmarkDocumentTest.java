package org.relaywarden.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's writing of docs/benchmarks.md (a unit test of the text, not a benchmark: runs in the normal suite). */
class BenchmarkDocumentTest {

    static final String DOC = "# Benchmarks\n\n## Headline figures\n\n| a | b |\n\n## Run of 2026-12-01\n\nold rows\n";

    @Test
    void theFirstRunIsAddedAfterTheHeadlineTableAndTheNextReplacesIt() {
        String first = BenchmarkDocument.withLatestRun(DOC, BenchmarkDocument.section("abc1234", List.of("1"), 3,
                List.of("| 1. policy service | 100 req/s | setup; load average when done 1.00 |")));
        assertThat(first).contains("commit abc1234", "| 1. policy service | 100 req/s |");
        assertThat(first.indexOf(BenchmarkDocument.BEGIN)).isGreaterThan(first.indexOf("## Headline figures"))
                .isLessThan(first.indexOf("## Run of 2026-12-01"));

        String second = BenchmarkDocument.withLatestRun(first, BenchmarkDocument.section("def5678", List.of("8"), 1,
                List.of("| 8. first blow | 3 of 1000 | setup; load average when done 2.00 |")));
        assertThat(second).contains("commit def5678", "| 8. first blow |").doesNotContain("abc1234", "100 req/s");
        assertThat(second.split(BenchmarkDocument.BEGIN, -1)).hasSize(2);
        assertThat(second).contains("## Run of 2026-12-01\n\nold rows");
    }
}
