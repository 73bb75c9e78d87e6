package org.relaywarden.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title, version and description of the OpenAPI document at {@code /api/openapi} (Swagger UI: {@code /api/docs}). */
@Configuration
class OpenApiDescription {

    static final String TITLE = "Relaywarden API";

    @Bean
    OpenAPI relaywardenOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        // the build's version (META-INF/build-info.properties, written by the spring-boot-maven-plugin)
        String version = properties == null ? "development" : properties.getVersion();
        return new OpenAPI().info(new Info()
                .title(TITLE)
                .version(version)
                .description("""
                        Relaywarden runs the remediation of a mail-hosting customer whose server relayed spam through the \
                        provider with SMTP AUTH: alerts open a case (one per account), the case suspends relaying, \
                        quarantines the queued mail, asks the customer three questions, and re-enables in stages. \
                        This API takes alerts from monitoring (also as Alertmanager and Grafana webhooks), shows cases, \
                        their letters, audit trail and quarantine, takes answers, contacts and an operator's close. \
                        Authenticate with HTTP Basic (Camunda users) or an API token (`Authorization: Bearer`); what each \
                        group may do is in docs/security.md of the repository."""));
    }
}
