package org.relaywarden.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How letters look and leave: the provider's name, sender address, signature and the language
 * used when a case names none.
 */
@ConfigurationProperties("relaywarden.letters")
public record LetterSettings(String providerName, String from, String signature, String defaultLanguage,
                             String questionnaireUrl) {
    public LetterSettings {
        providerName = providerName == null ? "Example Hosting" : providerName;
        from = from == null ? "abuse@provider.example" : from;
        signature = signature == null ? "Abuse desk, " + providerName : signature;
        defaultLanguage = defaultLanguage == null ? "de" : defaultLanguage;
        questionnaireUrl = questionnaireUrl == null ? "" : questionnaireUrl;
    }
}
