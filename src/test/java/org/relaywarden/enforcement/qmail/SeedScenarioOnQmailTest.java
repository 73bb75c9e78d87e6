package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.SeedScenario;
import org.relaywarden.enforcement.qmail.support.QmailMtaLab;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's story ({@link SeedScenario}) with the provider on the real qmail + vpopmail relay (docs/qmail.md).
 * Uses the shared qmail lab: run under {@code flock /tmp/rw-qmail.lock}.
 */
class SeedScenarioOnQmailTest extends SeedScenario {

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        startOn(new QmailMtaLab(), registry);
    }
}
