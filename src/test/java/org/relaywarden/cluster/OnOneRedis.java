package org.relaywarden.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.relaywarden.testsupport.RedisServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tests of several nodes on one private Redis (Debian's redis-server), started once per test class; the nodes a test
 * started ({@link #nodes}) are closed after it.
 */
abstract class OnOneRedis<N extends OnOneRedis.Closing> {

    /** A node the test closes. */
    interface Closing extends AutoCloseable {
        @Override
        void close();
    }

    static RedisServer redis;
    /** Numbers the tests' mail transactions (Postfix's {@code instance}). */
    static final AtomicLong TX = new AtomicLong();

    final List<N> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(Closing::close);
    }

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startNew();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
