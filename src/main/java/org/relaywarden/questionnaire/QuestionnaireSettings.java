package org.relaywarden.questionnaire;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** How long a questionnaire link stays valid (default 30 days). */
@ConfigurationProperties("relaywarden.questionnaire")
public record QuestionnaireSettings(Duration tokenValidity) {
    public QuestionnaireSettings {
        tokenValidity = tokenValidity == null ? Duration.ofDays(30) : tokenValidity;
    }
}
