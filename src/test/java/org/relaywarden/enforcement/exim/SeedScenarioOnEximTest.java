package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.SeedScenario;
import org.relaywarden.enforcement.exim.support.EximLab;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's story ({@link SeedScenario}) with the provider on a real Exim (the ACL of docs/exim.md).
 */
class SeedScenarioOnEximTest extends SeedScenario {

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        startOn(new EximLab(), registry);
    }
}
