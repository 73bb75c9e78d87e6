package org.relaywarden.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How letters look and leave: the provider's name, sender address (replies go to its
 * {@code local+TOKEN@domain} form), signature, contact line and the language used when a case
 * names none; {@code logLines} is how many of the account's log lines the first notice quotes.
 */
@ConfigurationProperties("relaywarden.letters")
public record LetterSettings(String providerName, String from, String signature, String contact,
                             String defaultLanguage, String questionnaireUrl, Integer logLines, Duration sendingClaim) {
    public LetterSettings {
        providerName = providerName == null ? "Example Hosting" : providerName;
        from = from == null ? "abuse@provider.example" : from;
        signature = signature == null ? "Abuse desk, " + providerName : signature;
        contact = contact == null ? from : contact;
        defaultLanguage = defaultLanguage == null ? "de" : defaultLanguage;
        questionnaireUrl = questionnaireUrl == null ? "" : questionnaireUrl;
        logLines = logLines == null ? 10 : logLines;
        sendingClaim = sendingClaim == null ? Duration.ofMinutes(2) : sendingClaim;
    }

    /** {@code abuse@provider.example} with token {@code t} becomes {@code abuse+t@provider.example}. */
    public String replyAddress(String token) {
        int at = from.lastIndexOf('@');
        return from.substring(0, at) + "+" + token + from.substring(at);
    }
}
