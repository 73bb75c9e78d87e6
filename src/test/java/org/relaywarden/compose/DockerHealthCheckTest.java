package org.relaywarden.compose;

import org.junit.jupiter.api.Test;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's HEALTHCHECK (Dockerfile) asks a path that the running application answers without
 * credentials, with UP once it takes traffic: otherwise every container would stay unhealthy.
 */
@RelaywardenSpringBootTest
class DockerHealthCheckTest {

    @Autowired
    TestRestTemplate rest;

    @Test
    void theHealthCheckPathIsServedWithoutLogin() throws Exception {
        ResponseEntity<String> answer = rest.getForEntity(ComposeStackTest.healthCheckPath(), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).contains("\"status\":\"UP\"");
    }
}
