package org.relaywarden.questionnaire;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one judge of question 3 for every channel (questionnaire page, mail reply, API): was the server's queue
 * emptied? It needs positive evidence: an explicit confirmation in the customer's own words (the ticked box of
 * the page and the API's {@code queueEmptied} are such a confirmation), or a pasted listing of an empty queue.
 * Whatever speaks against it wins over any confirmation: a listing that still shows mail, a negation, the future
 * tense, a guess, a question back, "no idea", the mail program's outbox or sent items, "deleted all mails",
 * "deleted the account", also when a server word stands next to them. Unsure means not confirmed, with the
 * reason, so that the follow-up says precisely what is needed. The words are in {@link ReadingRules}.
 */
public final class QuestionThree {

    /** Why question 3 is or is not confirmed; the follow-up letter and the review form explain each. */
    public enum Reason {
        CONFIRMED_IN_WORDS(true, "confirmed in the customer's own words"),
        CONFIRMED_BY_LISTING(true, "the pasted listing shows an empty queue"),
        CONFIRMED_ON_FORM(true, "confirmed by the ticked box (page or agent)"),
        LISTING_SHOWS_MAIL(false, "the pasted listing still shows mail in the queue"),
        OUTBOX(false, "speaks of the mail program's outbox or folders, not the server's queue"),
        DELETED(false, "deleted mails or an account: that does not empty the server's queue"),
        UNKNOWN(false, "does not know what the queue is"),
        QUESTION(false, "asks a question back"),
        FUTURE(false, "promises it for later"),
        HEDGE(false, "a guess, not a confirmation"),
        NEGATION(false, "says it was not (yet) done"),
        NO_EVIDENCE(false, "no explicit confirmation and no listing of an empty queue"),
        NO_ANSWER(false, "not answered");

        public final boolean confirmed;
        public final String label;

        Reason(boolean confirmed, String label) {
            this.confirmed = confirmed;
            this.label = label;
        }
    }

    /** The verdict with its reason and the words it rests on (e.g. {@code "Outlook"}). */
    public record Reading(Reason reason, String words) {
        public boolean confirmed() {
            return reason.confirmed;
        }

        /** One line for the review form, the case view and the audit trail. */
        public String summary() {
            return (confirmed() ? "confirmed: " : "not confirmed: ") + reason.label
                    + (words == null || words.isBlank() ? "" : " (\"" + shorten(words) + "\")");
        }
    }

    /** Blockers in the order they are reported: the most telling reason first. */
    private static final List<Object[]> BLOCKERS = List.of(
            new Object[]{"q3Outbox", Reason.OUTBOX}, new Object[]{"q3Deleted", Reason.DELETED},
            new Object[]{"q3Unknown", Reason.UNKNOWN}, new Object[]{"q3Question", Reason.QUESTION},
            new Object[]{"q3Future", Reason.FUTURE}, new Object[]{"q3Hedge", Reason.HEDGE},
            new Object[]{"q3Negation", Reason.NEGATION});
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.;!?])\\s+|\\n+");

    private QuestionThree() {
    }

    /** A reply in words (mail): only positive evidence in the text confirms. */
    public static Reading ofText(String text) {
        return read(false, text);
    }

    /**
     * @param affirmed the customer ticked "queue emptied" (page) or an agent entered it (API): an explicit
     *                 confirmation, unless the text speaks against it
     * @param text     the answer in words and/or the pasted queue listing
     */
    public static Reading read(boolean affirmed, String text) {
        ReadingRules rules = ReadingRules.standard();
        QueueOutput.Reading listing = QueueOutput.read(text);
        if (listing.verdict() == QueueOutput.Verdict.LISTS_MESSAGES) {
            return new Reading(Reason.LISTING_SHOWS_MAIL, listing.messages() + " message" + (listing.messages() == 1 ? "" : "s"));
        }
        if (text == null || text.isBlank()) {
            return new Reading(affirmed ? Reason.CONFIRMED_ON_FORM : Reason.NO_ANSWER, null);
        }
        String words = wordsOnly(rules, text);
        for (Object[] b : BLOCKERS) {
            Optional<ReadingRules.Hit> hit = rules.first((String) b[0], words);
            if (hit.isPresent()) {
                return new Reading((Reason) b[1], hit.get().matched().strip());
            }
        }
        if (listing.verdict() == QueueOutput.Verdict.EMPTY) {
            return new Reading(Reason.CONFIRMED_BY_LISTING, null);
        }
        for (String sentence : SENTENCE.split(words)) {
            if (rules.finds("q3Command", sentence) || (rules.finds("q3Queue", sentence) && rules.finds("q3Emptied", sentence))) {
                return new Reading(Reason.CONFIRMED_IN_WORDS, sentence.strip());
            }
        }
        // a short yes to our request for an explicit confirmation ("Ja", "Done.", "Ja, ist erledigt") is one; a yes
        // followed by something else ("Yes, please unblock us") is not clearly about the queue
        String start = words.strip();
        Optional<ReadingRules.Hit> yes = rules.first("affirm", start);
        if (yes.isPresent()) {
            // the affirm rules are anchored at the start of the answer
            String after = start.substring(Math.min(start.length(), yes.get().matched().length()));
            String[] rest = after.replaceAll("[^\\p{L}\\p{N}]+", " ").strip().split(" ");
            if (after.isBlank() || rest.length <= 3) {
                return new Reading(Reason.CONFIRMED_IN_WORDS, start);
            }
        }
        return new Reading(affirmed ? Reason.CONFIRMED_ON_FORM : Reason.NO_EVIDENCE, null);
    }

    /**
     * The customer's words without what must not count against them: the lines of a pasted listing ("messages in
     * queue but not yet preprocessed: 0"), phrases that confirm in negated form ("keine Mails mehr in der Queue",
     * replaced by a token that counts as "empty") and explicit contrasts with the outbox ("not just the outbox").
     */
    static String wordsOnly(ReadingRules rules, String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!QueueOutput.isListingLine(line)) {
                b.append(line).append('\n');
            }
        }
        String s = rules.replace("q3EmptyPhrase", b.toString(), " __EMPTY__ ");
        return rules.replace("q3Contrast", s, " ");
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
