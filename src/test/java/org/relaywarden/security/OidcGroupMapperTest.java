package org.relaywarden.security;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The groups claim → Camunda groups: only configured groups come out, whatever the claim holds. */
class OidcGroupMapperTest {

    final OidcGroupMapper byName = new OidcGroupMapper(new OidcProperties(null, null));

    @Test
    void byDefaultEachRelaywardenGroupIsGrantedByAGroupOfTheSameName() {
        assertThat(byName.claim()).isEqualTo("groups");
        assertThat(byName.camundaGroups(List.of("relaywarden-agents", "relaywarden-leads", "staff")))
                .containsExactly("relaywarden-agents", "relaywarden-leads");
        assertThat(byName.camundaGroups("relaywarden-operators relaywarden-monitoring,other"))
                .containsExactly("relaywarden-monitoring", "relaywarden-operators");
    }

    @Test
    void nothingElseComesOut() {
        assertThat(byName.camundaGroups(List.of("camunda-admin", "relaywarden-operators ", "RELAYWARDEN-OPERATORS",
                "relaywarden-*", "relaywarden-operators\u0000"))).isEmpty();
        assertThat(byName.camundaGroups(null)).isEmpty();
        assertThat(byName.camundaGroups(Map.of("relaywarden-operators", true))).isEmpty();
        assertThat(byName.camundaGroups(List.of(42, List.of("relaywarden-operators")))).isEmpty();
        assertThat(byName.camundaGroups(Collections.nCopies(OidcGroupMapper.MAX_VALUES + 1, "relaywarden-operators"))).isEmpty();
    }

    @Test
    void configuredGroupsReplaceTheDefaultsAndCamundaAdminOnlyWhenNamed() {
        OidcGroupMapper mapped = new OidcGroupMapper(new OidcProperties("roles",
                Map.of("relaywarden-operators", "abuse-desk-admins", "camunda-admin", "it-admins", "relaywarden-monitoring", "")));
        assertThat(mapped.claim()).isEqualTo("roles");
        assertThat(mapped.camundaGroups(List.of("abuse-desk-admins", "it-admins", "relaywarden-operators", "relaywarden-monitoring")))
                .containsExactly("camunda-admin", "relaywarden-operators");
        assertThat(mapped.camundaGroups(List.of("relaywarden-agents"))).containsExactly("relaywarden-agents");
    }

    @Test
    void aGroupRelaywardenDoesNotGrantIsRefusedAtStart() {
        assertThatThrownBy(() -> new OidcProperties(null, Map.of("camunda-superuser", "x")))
                .hasMessageContaining("relaywarden.security.oidc.groups.camunda-superuser");
    }
}
