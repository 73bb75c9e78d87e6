package org.relaywarden.enforcement.sandbox;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.testsupport.SteppingClock;
import org.relaywarden.testsupport.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's durable layer holds exactly the core's list after each write, written row by row (issue 33). */
class SandboxStateTableTest {

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-08T00:00:00Z"));
    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.migrated());
    private final SandboxStateTable table = new SandboxStateTable(jdbc, clock);

    @Test
    void holdsExactlyTheCoresAnswersAfterEachWrite() {
        DurableAnswer a = answer("a@example.test", RelayState.SUSPENDED, "451 4.7.1 suspended");
        DurableAnswer b = answer("b@example.test", RelayState.HELD, "HOLD held");
        assertThat(table.bringInLine(List.of(a, b))).isEmpty();
        assertThat(rows()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a@example.test", "SUSPENDED 451 4.7.1 suspended", "b@example.test", "HELD HOLD held"));

        // b relays again (gone), a changes its answer, c is new
        DurableAnswer a2 = answer("a@example.test", RelayState.HELD, "HOLD staged");
        DurableAnswer c = answer("c@example.test", RelayState.SUSPENDED, "451 4.7.1 suspended");
        assertThat(table.bringInLine(List.of(a2, c))).isEmpty();
        assertThat(rows()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a@example.test", "HELD HOLD staged", "c@example.test", "SUSPENDED 451 4.7.1 suspended"));
        assertThat(table.actionOf(Account.parse("b@example.test"))).isEmpty();

        // the same list again changes nothing; an empty one clears the table
        assertThat(table.bringInLine(List.of(a2, c))).isEmpty();
        assertThat(rows()).hasSize(2);
        assertThat(table.bringInLine(List.of())).isEmpty();
        assertThat(rows()).isEmpty();
    }

    @Test
    void keepsAnOverlongAnswerToTheColumnsWidth() {
        String longAction = "451 4.7.1 " + "x".repeat(300);
        assertThat(table.bringInLine(List.of(answer("a@example.test", RelayState.SUSPENDED, longAction)))).isEmpty();
        Object writtenAt = jdbc.queryForObject("SELECT updated_at FROM sandbox_relay_state", Object.class);
        // written again with the same answer later: the row is left as it is (the cut answer is no difference)
        clock.advance(Duration.ofMinutes(5));
        assertThat(table.bringInLine(List.of(answer("a@example.test", RelayState.SUSPENDED, longAction)))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT updated_at FROM sandbox_relay_state", Object.class)).isEqualTo(writtenAt);
        assertThat(table.actionOf(Account.parse("a@example.test"))).contains(longAction.substring(0, 200));
    }

    private static DurableAnswer answer(String login, RelayState state, String action) {
        return new DurableAnswer(Account.parse(login), state, action);
    }

    private Map<String, String> rows() {
        return jdbc.queryForList("SELECT account, state, reason FROM sandbox_relay_state").stream().collect(Collectors.toMap(
                r -> (String) r.get("ACCOUNT"), r -> r.get("STATE") + " " + r.get("REASON")));
    }
}
