package org.relaywarden.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.relaywarden.testsupport.RedisServer;

import java.util.concurrent.atomic.AtomicLong;

/** Tests of several nodes on one private Redis (Debian's redis-server), started once per test class. */
abstract class OnOneRedis {

    static RedisServer redis;
    /** Numbers the tests' mail transactions (Postfix's {@code instance}). */
    static final AtomicLong TX = new AtomicLong();

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
