package org.relaywarden.credentials;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether an answer to question 2 ("what was done to prevent a repeat") says that the password was changed:
 * a word for password and a word for changing it in one sentence, English or German ("changed all passwords",
 * "Passwort geändert", "neue Kennwörter vergeben"). A negated sentence ("did not change the password yet") is no
 * claim. Only a hint: what counts is the check against the credential store.
 */
final class PasswordClaim {

    private static final Pattern PASSWORD = Pattern.compile(
            "\\b(passwords?|passwort\\w*|passw(oe|ö)rter\\w*|kennw(o|oe|ö)rt\\w*|pw|pwd|zugangsdaten|credentials?)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern CHANGE = Pattern.compile(
            "\\b(chang\\w*|reset\\w*|renew\\w*|replac\\w*|new|rotat\\w*|updat\\w*|ge(ae|ä)ndert|(ae|ä)nder\\w*|neu\\w*|erneuert"
                    + "|zur(ue|ü)ckgesetzt|getauscht|ausgetauscht|gewechselt|vergeben)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NEGATION = Pattern.compile("\\b(not|nicht|noch nicht|no|kein\\w*|never|nie|will|werde\\w*)\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private PasswordClaim() {
    }

    static boolean claimsChange(String answer) {
        if (answer == null || answer.isBlank()) {
            return false;
        }
        String text = Normalizer.normalize(answer, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        for (String sentence : text.split("[.!?;\\n]+")) {
            if (PASSWORD.matcher(sentence).find() && CHANGE.matcher(sentence).find() && !NEGATION.matcher(sentence).find()) {
                return true;
            }
        }
        return false;
    }
}
