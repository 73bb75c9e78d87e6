package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.QuarantineScenario;
import org.relaywarden.enforcement.qmail.support.QmailMtaLab;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The quarantine ({@link QuarantineScenario}) on the real qmail + vpopmail relay (docs/qmail.md): qmail-send stopped
 * while the account's mail moves to the hold folder, running again after. Uses the shared qmail lab: run under
 * {@code flock /tmp/rw-qmail.lock}.
 */
class QmailQuarantineTest extends QuarantineScenario {

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        startOn(new QmailMtaLab(), registry);
    }
}
