package org.relaywarden.quarantine;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.testsupport.SimulatedRelay;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The quarantine's deleting threads: batches that wait go in one call, several calls run at once,
 * a backlog is shared in calls of at most {@link HoldQueueDeleter#CALL_LIMIT}; after a failure nothing more is deleted.
 */
class HoldQueueDeleterTest {

    static final Account ACCOUNT = Account.parse("deleter@quarantine.example");

    /** Records each call; the first one waits until released, so that later batches pile up. */
    static class RecordingQueue extends SandboxMailServer {
        final List<List<String>> calls = new ArrayList<>();
        final CountDownLatch firstCallStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirstCall = new CountDownLatch(1);
        final CountDownLatch secondCallStarted = new CountDownLatch(1);
        boolean failFirst;

        RecordingQueue() {
            super(Clock.systemUTC(), SimulatedRelay.core(Clock.systemUTC()), SimulatedRelay.ALL_ACTIVE);
        }

        @Override
        public void deleteHeld(Collection<QueuedMessage> messages) {
            boolean first;
            synchronized (calls) {
                calls.add(messages.stream().map(QueuedMessage::queueId).toList());
                first = calls.size() == 1;
            }
            if (!first) {
                secondCallStarted.countDown();
            }
            if (first) {
                firstCallStarted.countDown();
                try {
                    releaseFirstCall.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failFirst) {
                    throw new MailServerException("relay-1: postsuper failed");
                }
            }
        }
    }

    static List<QueuedMessage> batch(String... ids) {
        List<QueuedMessage> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new QueuedMessage("relay-1", id, QueueName.HOLD, ACCOUNT, "", List.of("x@remote.test"), 100, Instant.EPOCH));
        }
        return out;
    }

    @Test
    void batchesWaitingForTheThreadGoInOneCall() throws Exception {
        RecordingQueue queue = new RecordingQueue();
        HoldQueueDeleter deleter = new HoldQueueDeleter(queue, 1);
        deleter.delete(batch("4jcAAAAAAA1"));
        assertThat(queue.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        deleter.delete(batch("4jcBBBBBBB1", "4jcBBBBBBB2"));
        deleter.delete(batch("4jcCCCCCCC1"));
        queue.releaseFirstCall.countDown();
        deleter.finish();
        deleter.throwIfFailed();
        assertThat(queue.calls).containsExactly(List.of("4jcAAAAAAA1"), List.of("4jcBBBBBBB1", "4jcBBBBBBB2", "4jcCCCCCCC1"));
        assertThat(deleter.report()).contains("2 calls, at most 1 at once");
    }

    @Test
    void afterAFailedCallNothingMoreIsDeletedAndTheFailureIsThrownAtTheEnd() throws Exception {
        RecordingQueue queue = new RecordingQueue();
        queue.failFirst = true;
        HoldQueueDeleter deleter = new HoldQueueDeleter(queue, 1);
        deleter.delete(batch("4jcAAAAAAA1"));
        assertThat(queue.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        deleter.delete(batch("4jcBBBBBBB1")); // waiting when the first call fails
        queue.releaseFirstCall.countDown();
        deleter.finish();
        deleter.delete(batch("4jcCCCCCCC1")); // after the failure
        assertThat(queue.calls).containsExactly(List.of("4jcAAAAAAA1"));
        assertThatThrownBy(deleter::throwIfFailed).isInstanceOf(MailServerException.class).hasMessageContaining("postsuper failed");
    }

    @Test
    void withSeveralProcessesTheNextBatchIsDeletedWhileTheFirstCallStillRuns() throws Exception {
        RecordingQueue queue = new RecordingQueue();
        HoldQueueDeleter deleter = new HoldQueueDeleter(queue, 3);
        deleter.delete(batch("4jcAAAAAAA1"));
        assertThat(queue.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        deleter.delete(batch("4jcBBBBBBB1", "4jcBBBBBBB2"));
        // the first call is still blocked: only a second thread can have started this one
        assertThat(queue.secondCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        queue.releaseFirstCall.countDown();
        deleter.finish();
        deleter.throwIfFailed();
        assertThat(queue.calls).containsExactly(List.of("4jcAAAAAAA1"), List.of("4jcBBBBBBB1", "4jcBBBBBBB2"));
        assertThat(deleter.report()).contains("2 calls, at most 2 at once");
    }

    @Test
    void aBacklogIsSharedInCallsOfAtMostTheLimitAndEveryMessageIsDeletedOnce() throws Exception {
        RecordingQueue queue = new RecordingQueue();
        HoldQueueDeleter deleter = new HoldQueueDeleter(queue, 2);
        deleter.delete(batch("4jcAAAAAAA1"));
        assertThat(queue.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        String[] backlog = new String[1_234];
        for (int i = 0; i < backlog.length; i++) {
            backlog[i] = "4jcBACKLOG" + i;
        }
        deleter.delete(batch(backlog));
        queue.releaseFirstCall.countDown();
        deleter.finish();
        deleter.throwIfFailed();
        assertThat(queue.calls).allSatisfy(call -> assertThat(call).hasSizeLessThanOrEqualTo(HoldQueueDeleter.CALL_LIMIT));
        List<String> deleted = queue.calls.stream().flatMap(List::stream).toList();
        assertThat(deleted).doesNotHaveDuplicates().hasSize(backlog.length + 1).contains(backlog);
        assertThat(queue.calls).hasSizeGreaterThanOrEqualTo(1 + (backlog.length + HoldQueueDeleter.CALL_LIMIT - 1) / HoldQueueDeleter.CALL_LIMIT);
    }

    @Test
    void afterAFailureWithSeveralProcessesNoFurtherCallStarts() throws Exception {
        RecordingQueue queue = new RecordingQueue();
        queue.failFirst = true;
        HoldQueueDeleter deleter = new HoldQueueDeleter(queue, 3);
        deleter.delete(batch("4jcAAAAAAA1"));
        assertThat(queue.firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        deleter.delete(batch("4jcBBBBBBB1")); // runs on a second thread while the first call is blocked
        assertThat(queue.secondCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        queue.releaseFirstCall.countDown(); // the first call fails now
        deleter.finish();
        deleter.delete(batch("4jcCCCCCCC1"));
        assertThat(queue.calls).containsExactly(List.of("4jcAAAAAAA1"), List.of("4jcBBBBBBB1"));
        assertThatThrownBy(deleter::throwIfFailed).isInstanceOf(MailServerException.class).hasMessageContaining("postsuper failed");
    }

    @Test
    void atLeastOneProcess() {
        assertThatThrownBy(() -> new HoldQueueDeleter(new RecordingQueue(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
