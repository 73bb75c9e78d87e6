package org.relaywarden.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Figure 9's accounting of a flood: every message counted once, a message split between relay and customer too. */
class FirstBlowTallyTest {

    static List<List<String>> queue(int whole, int oneOfTwo) {
        List<List<String>> q = new ArrayList<>(Collections.nCopies(whole, List.of("victim@a.test", "victim@b.test")));
        q.addAll(Collections.nCopies(oneOfTwo, List.of("victim@b.test")));
        return q;
    }

    @Test
    void aMessageSplitBetweenRelayAndCustomerCountsOnceAtTheRelay() {
        // 1 out, 490 held or quarantined, 511 in the customer's queue, 2 of them with only their second recipient left
        // (the first accepted by the relay: possible where each RCPT is asked, as on Postfix): 1,002 of 1,000 added up
        // by place, 1,000 counted by message
        FirstBlow.Tally t = FirstBlow.Tally.of(1000, 1, 490, queue(509, 2), 2);
        assertThat(t.keptWhole()).isEqualTo(509);
        assertThat(t.split()).isEqualTo(2);
        assertThat(t.out() + t.held() + t.keptWhole()).isEqualTo(1000);
        assertThat(t.neither()).isZero();
        assertThat(t.twice()).isZero();
        assertThat(t.toString()).isEqualTo("490 held at the relay or quarantined by its case, 509 kept (refused) at the "
                + "customer's server (and 2 accepted by the relay for some recipients, counted there, kept at the customer's "
                + "for the others), 0 neither (nothing lost)");
    }

    @Test
    void withoutSplitMessagesTheRowReadsAsBefore() {
        FirstBlow.Tally t = FirstBlow.Tally.of(1000, 0, 2, queue(998, 0), 2);
        assertThat(t.toString()).isEqualTo("2 held at the relay or quarantined by its case, 998 kept (refused) at the "
                + "customer's server, 0 neither (nothing lost)");
    }

    @Test
    void aMessageWithOneRecipientIsNeverSplit() {
        FirstBlow.Tally t = FirstBlow.Tally.of(1000, 5, 995, List.of(), 1);
        assertThat(t.split()).isZero();
        assertThat(t.neither()).isZero();
    }

    @Test
    void missingMessagesAreNamedLost() {
        FirstBlow.Tally t = FirstBlow.Tally.of(100, 1, 40, queue(50, 3), 2);
        assertThat(t.neither()).isEqualTo(9);
        assertThat(t.toString()).endsWith("9 neither (refused for good (bounced) or LOST)");
    }

    @Test
    void moreThanSentIsNamedNotHiddenInNothingLost() {
        // the relay accepted it, the customer's server did not learn so: it would be sent again
        FirstBlow.Tally t = FirstBlow.Tally.of(100, 1, 50, queue(51, 0), 2);
        assertThat(t.twice()).isEqualTo(2);
        assertThat(t.toString()).endsWith("; 2 MORE than sent, counted in two places: whole at the customer's and at the "
                + "relay (DUPLICATES), or quarantined and still in the hold queue");
    }
}
