package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.SeedScenario;
import org.relaywarden.testsupport.relay.PostfixLab;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's story ({@link SeedScenario}) with the provider on a real Postfix (docs/postfix.md).
 */
class SeedScenarioOnPostfixTest extends SeedScenario {

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        startOn(new PostfixLab(), registry);
    }
}
