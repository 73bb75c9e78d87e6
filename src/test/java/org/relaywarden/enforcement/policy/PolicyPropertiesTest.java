package org.relaywarden.enforcement.policy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** relaywarden.policy.* as a provider writes it, and the keys of earlier versions refused by name. */
class PolicyPropertiesTest {

    static PolicyProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("relaywarden.policy", PolicyProperties.class)
                .orElseGet(() -> new PolicyProperties(null, null, null, null, null, null, null, null));
    }

    @Test
    void bindsThePolicyServiceWithItsDefaults() {
        PolicyProperties p = bind(Map.of("relaywarden.policy.refusal", "554", "relaywarden.policy.port", "10041",
                "relaywarden.policy.allowed-clients", "192.0.2.0/24,2001:db8::1"));
        assertThat(p.refusalCode()).isEqualTo(RefusalCode.PERMANENT);
        assertThat(p.port()).isEqualTo(10041);
        assertThat(p.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(p.allowedClients()).containsExactly("192.0.2.0/24", "2001:db8::1");
        PolicyProperties defaults = bind(Map.of());
        assertThat(defaults.refusalCode()).isEqualTo(RefusalCode.TEMPORARY);
        assertThat(defaults.allowedClients()).isEqualTo(List.of("127.0.0.0/8", "::1/128"));
        assertThat(defaults.maxConnectionsPerClient()).isEqualTo(300);
    }

    @Test
    void refusesAStartWithAnUnusableRefusalOrTheKeysOfEarlierVersions() {
        PolicyCoreConfiguration config = new PolicyCoreConfiguration();
        assertThatThrownBy(() -> config.policyPropertiesChecked(new MockEnvironment(),
                bind(Map.of("relaywarden.policy.refusal", "250")))).hasMessageContaining("451 or 554");

        MockEnvironment old = new MockEnvironment().withProperty("relaywarden.postfix.policy.bind-address", "0.0.0.0");
        assertThatThrownBy(() -> config.policyPropertiesChecked(old, bind(Map.of())))
                .hasMessageContaining("relaywarden.postfix.policy.* and relaywarden.postfix.refusal are now relaywarden.policy.*");
        MockEnvironment oldRefusal = new MockEnvironment().withProperty("relaywarden.postfix.refusal", "554");
        assertThatThrownBy(() -> config.policyPropertiesChecked(oldRefusal, bind(Map.of())))
                .hasMessageContaining("relaywarden.policy.refusal");
        // an old environment variable is refused alike (relaxed binding maps it to the old key)
        MockEnvironment oldEnv = new MockEnvironment();
        oldEnv.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("RELAYWARDEN_POSTFIX_POLICY_BIND", "0.0.0.0")));
        assertThat(config.policyPropertiesChecked(new MockEnvironment().withProperty("relaywarden.postfix.command-timeout", "PT5S"),
                bind(Map.of()))).isNotNull();
        assertThatThrownBy(() -> config.policyPropertiesChecked(oldEnv, bind(Map.of())))
                .hasMessageContaining("RELAYWARDEN_POLICY_BIND");
    }
}
