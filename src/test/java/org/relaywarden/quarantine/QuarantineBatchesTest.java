package org.relaywarden.quarantine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.testsupport.SimulatedRelay;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the quarantine cuts a listing into batches, and how the next batch is read while one is stored. */
class QuarantineBatchesTest {

    @TempDir
    Path dir;

    static final CaseReference REF = new CaseReference(7);

    QuarantineService service() {
        // plan() needs only the store; the index, cases and metrics are not touched
        return new QuarantineService(SimulatedRelay.on(Clock.systemUTC()), new FileQuarantineStore(dir), null, null,
                Clock.systemUTC(), null, 3);
    }

    static QueuedMessage message(String id, long size) {
        return new QueuedMessage("relay-1", id, QueueName.HOLD, HoldQueueDeleterTest.ACCOUNT, "", List.of("x@remote.test"),
                size, Instant.EPOCH);
    }

    static List<QueuedMessage> messages(int n, long size) {
        List<QueuedMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(message("4jcM" + i, size));
        }
        return out;
    }

    @Test
    void firstASmallBatchThenFullOnesAndEveryMessageOnce() {
        List<QueuedMessage> listing = messages(1_234, 1_000);
        List<QuarantineService.Batch> batches = service().plan(REF, listing, Set.of());
        assertThat(batches).extracting(b -> b.toCopy().size()).containsExactly(100, 500, 500, 134);
        assertThat(batches.stream().flatMap(b -> b.toCopy().stream()).toList()).isEqualTo(listing);
        assertThat(batches).allSatisfy(b -> assertThat(b.done()).isEmpty());
    }

    @Test
    void aBatchIsAlsoCutAtItsSizeAndAMessageBiggerThanThatGoesAlone() {
        long big = QuarantineService.BATCH_BYTES / 3 + 1; // three do not fit
        List<QueuedMessage> listing = new ArrayList<>(messages(5, big));
        listing.add(2, message("4jcHUGE", QuarantineService.BATCH_BYTES * 2));
        List<QuarantineService.Batch> batches = service().plan(REF, listing, Set.of());
        assertThat(batches).extracting(b -> b.toCopy().stream().map(QueuedMessage::queueId).toList())
                .containsExactly(List.of("4jcM0", "4jcM1"), List.of("4jcHUGE"), List.of("4jcM2", "4jcM3"), List.of("4jcM4"));
    }

    @Test
    void messagesAnEarlierRunCopiedAreOnlyDeletedAndAMissingCopyStopsEverything() throws Exception {
        QuarantineService service = service();
        List<QueuedMessage> listing = messages(3, 1_000);
        FileQuarantineStore store = new FileQuarantineStore(dir);
        store.put(QuarantineService.key(REF, listing.get(1)), new byte[]{1});
        List<QuarantineService.Batch> batches = service.plan(REF, listing, Set.of("relay-1/4jcM1"));
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).done()).containsExactly(listing.get(1));
        assertThat(batches.get(0).toCopy()).containsExactly(listing.get(0), listing.get(2));

        assertThatThrownBy(() -> service.plan(REF, listing, Set.of("relay-1/4jcM2")))
                .isInstanceOf(QuarantineIntegrityException.class).hasMessageContaining("4jcM2");
    }

    /** Blocks every read until released, to show the read runs beside the caller. */
    static class SlowQueue extends SandboxMailServer {
        final CountDownLatch readStarted = new CountDownLatch(1);
        final CountDownLatch releaseRead = new CountDownLatch(1);
        volatile String readOn;
        boolean fail;

        SlowQueue() {
            super(Clock.systemUTC(), SimulatedRelay.core(Clock.systemUTC()), SimulatedRelay.ALL_ACTIVE);
        }

        @Override
        public Map<QueuedMessage, byte[]> contents(List<QueuedMessage> messages) {
            readOn = Thread.currentThread().getName();
            readStarted.countDown();
            try {
                releaseRead.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new MailServerException("relay-1: tar failed");
            }
            return Map.of(messages.get(0), new byte[]{42});
        }
    }

    @Test
    void theNextBatchIsReadOnItsOwnThreadWhileTheCallerGoesOn() throws Exception {
        SlowQueue queue = new SlowQueue();
        try (BatchReader reader = new BatchReader(queue)) {
            List<QueuedMessage> batch = messages(1, 10);
            reader.readAhead(batch);
            // the caller is free (it would store the current batch now) while the read waits
            assertThat(queue.readStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(queue.readOn).isEqualTo("quarantine-read");
            queue.releaseRead.countDown();
            assertThat(reader.next()).containsEntry(batch.get(0), new byte[]{42});
            reader.readAhead(List.of());
            assertThat(reader.next()).isEmpty();
            assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aFailedReadIsThrownAsTheRelayThrewIt() {
        SlowQueue queue = new SlowQueue();
        queue.fail = true;
        queue.releaseRead.countDown();
        try (BatchReader reader = new BatchReader(queue)) {
            reader.readAhead(messages(1, 10));
            assertThatThrownBy(reader::next).isInstanceOf(MailServerException.class).hasMessageContaining("tar failed");
        }
    }
}
