package org.relaywarden.enforcement.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingWindowTest {

    static final long HOUR = 3_600_000;
    static final long MINUTE = 60_000;

    @Test
    void countsWhatFellInTheLastWindowAndForgetsWhatLeftIt() {
        SlidingWindow w = new SlidingWindow(HOUR);
        long t0 = 10 * HOUR;
        w.add(t0, 5);
        w.add(t0 + 30 * MINUTE, 7);
        assertThat(w.total(t0 + 30 * MINUTE)).isEqualTo(12);
        assertThat(w.total(t0 + 59 * MINUTE)).isEqualTo(12);
        // the first bucket leaves whole once the window has moved past it
        assertThat(w.total(t0 + 60 * MINUTE)).isEqualTo(7);
        assertThat(w.total(t0 + 90 * MINUTE)).isZero();
        w.add(t0 + 91 * MINUTE, 1);
        assertThat(w.total(t0 + 91 * MINUTE)).isEqualTo(1);
    }

    @Test
    void aLongSilenceClearsEveryBucket() {
        SlidingWindow w = new SlidingWindow(HOUR);
        for (int m = 0; m < 60; m++) {
            w.add(m * MINUTE, 1);
        }
        assertThat(w.total(59 * MINUTE)).isEqualTo(60);
        assertThat(w.total(1000 * HOUR)).isZero();
        w.add(1000 * HOUR, 2);
        assertThat(w.total(1000 * HOUR + 1)).isEqualTo(2);
    }

    @Test
    void readingAnEarlierMomentDoesNotTurnTheWindowBack() {
        SlidingWindow w = new SlidingWindow(HOUR);
        w.add(2 * HOUR, 3);
        assertThat(w.total(2 * HOUR - MINUTE)).isEqualTo(3);
    }

    @Test
    void aWindowShorterThanItsBucketsIsRefused() {
        assertThatThrownBy(() -> new SlidingWindow(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
