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
        NOT_SERVER(false, "speaks of a device that is not the mail server (a router)"),
        FLUSHED(false, "flushed the queue: that sends its mail again, it does not empty it"),
        RESTARTED(false, "restarted the server or its mail service: that sends the queue's mail again, it does not empty it"),
        PARTIAL(false, "empty except for some mail, or filling again: not an empty queue"),
        STALE(false, "looked long ago or before the relay was closed: the queue may have filled since"),
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
            new Object[]{"q3Device", Reason.NOT_SERVER}, new Object[]{"q3Flush", Reason.FLUSHED},
            new Object[]{"q3Partial", Reason.PARTIAL}, new Object[]{"q3Stale", Reason.STALE},
            new Object[]{"q3Future", Reason.FUTURE}, new Object[]{"q3Hedge", Reason.HEDGE},
            new Object[]{"q3Restart", Reason.RESTARTED},
            new Object[]{"q3Negation", Reason.NEGATION});
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.;!?])\\s+|\\n+|(?<=\\))\\s+(?=\\()");

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
        String words = withoutRequests(rules, wordsOnly(rules, text));
        // a pasted listing of an empty queue: a line of it stands on its own ("Mail queue is empty"), not in a sentence
        boolean pastedEmpty = listing.verdict() == QueueOutput.Verdict.EMPTY
                && text.lines().anyMatch(l -> !l.isBlank() && QueueOutput.isListingLine(l));
        boolean confirming = confirmingSentence(rules, words).isPresent() || pastedEmpty;
        // "Wir haben den Postausgang und die Warteschlange unseres Mailservers geleert": the server's queue confirmed in
        // a clause of its own, so the outbox named beside it is something done as well, not the confusion
        boolean serverConfirmed = serverClause(rules, words);
        for (Object[] b : BLOCKERS) {
            Reason reason = (Reason) b[1];
            if (pastedEmpty && (reason == Reason.NEGATION || reason == Reason.HEDGE)) {
                // the pasted listing of an empty queue is the look that words like "not" or "should" doubt
                continue;
            }
            Optional<ReadingRules.Hit> hit = Optional.empty();
            for (String sentence : SENTENCE.split(words)) {
                if (confirming && rules.finds("q3Additional", sentence) && !rules.finds("q3Queue", sentence)
                        && (reason == Reason.OUTBOX || reason == Reason.FUTURE || reason == Reason.DELETED)) {
                    // "we also emptied the outbox just in case", "ich leere sie sicherheitshalber morgen nochmal"
                    continue;
                }
                if (serverConfirmed && (reason == Reason.OUTBOX || (reason == Reason.PARTIAL && rules.finds("q3Outbox", sentence)))) {
                    // "... Allerdings steht im Outlook im Postausgang noch eine Mail": about the outbox, not the server
                    continue;
                }
                if (reason == Reason.DELETED && rules.finds("q3Queue", sentence) && !rules.finds("q3Outbox", sentence)
                        && !rules.finds("actionAsCause", sentence)) {
                    // "im SMTP-Spool alle Mails gelöscht": the mails deleted are the queue's; the confusion is mails deleted
                    // somewhere unnamed (or an account), not in the server's queue
                    continue;
                }
                if (reason == Reason.RESTARTED && (rules.finds("q3Command", words) || rules.finds("q3Done", words))) {
                    // "restarted Postfix after postsuper -d ALL": the emptying is reported beside the restart
                    continue;
                }
                if (reason == Reason.NEGATION) {
                    hit = negation(rules, sentence);
                } else if (reason == Reason.QUESTION) {
                    hit = question(rules, sentence, words);
                } else {
                    hit = rules.first((String) b[0], sentence);
                }
                if (hit.isPresent()) {
                    return new Reading(reason, hit.get().matched().strip());
                }
            }
            if (reason == Reason.NOT_SERVER) {
                // "paul@LAPTOP-7H2K:/mnt/c/Users/paul$ mailq": the prompt of a pasted listing names the machine it ran on
                Optional<ReadingRules.Hit> prompt = rules.first("q3Device", listingLines(text));
                if (prompt.isPresent()) {
                    return new Reading(reason, prompt.get().matched().strip());
                }
            }
        }
        if (pastedEmpty || (listing.verdict() == QueueOutput.Verdict.EMPTY && !rules.finds("q3Hedge", words))) {
            // "queue is empty" in a sentence is the customer's word, not a pasted listing: a guess before it counts
            return new Reading(Reason.CONFIRMED_BY_LISTING, null);
        }
        Optional<String> confirmed = confirmingSentence(rules, words);
        if (confirmed.isPresent()) {
            return new Reading(Reason.CONFIRMED_IN_WORDS, confirmed.get().strip());
        }
        if (serverConfirmed) {
            return new Reading(Reason.CONFIRMED_IN_WORDS, words.strip());
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
    public static String wordsOnly(ReadingRules rules, String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!QueueOutput.isListingLine(line)) {
                b.append(line).append('\n');
            }
        }
        String s = rules.replace("q3EmptyPhrase", b.toString(), " __EMPTY__ ");
        return rules.replace("q3Contrast", s, " ");
    }

    /** The lines of a pasted listing (and the prompts that printed it), without the customer's words. */
    static String listingLines(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (QueueOutput.isListingLine(line)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Something in {@code text} confirms question 3 (a sentence that says the server's queue is empty, or a pasted listing
     * of an empty queue), whatever else speaks against it: the reader is then unsure rather than sure of a "no".
     */
    public static boolean confirmsBesides(String text) {
        ReadingRules rules = ReadingRules.standard();
        boolean pastedEmpty = QueueOutput.read(text).verdict() == QueueOutput.Verdict.EMPTY
                && text.lines().anyMatch(l -> !l.isBlank() && QueueOutput.isListingLine(l));
        return pastedEmpty || confirmingSentence(rules, withoutRequests(rules, wordsOnly(rules, text))).isPresent();
    }

    /**
     * A sentence that names the server's queue (or a command) and says it is empty, with no outbox word in it, and
     * asks nothing of the provider ("Die Queue bitte Sie leeren" is a request, not a confirmation).
     */
    private static Optional<String> confirmingSentence(ReadingRules rules, String words) {
        for (String sentence : SENTENCE.split(words)) {
            if ((rules.finds("q3Command", sentence) || (rules.finds("q3Queue", sentence) && rules.finds("q3Emptied", sentence)))
                    && !rules.finds("q3Outbox", sentence) && !rules.finds("queueRequest", sentence)) {
                return Optional.of(sentence);
            }
        }
        return Optional.empty();
    }

    private static final Pattern CLAUSE = Pattern.compile(",\\s*|\\s+(?:und|and|sowie)\\s+|(?<=[.;!?])\\s+|\\n+");

    /** A sentence that says it emptied, with a clause of its own that names the server (not the outbox) and its queue. */
    private static boolean serverClause(ReadingRules rules, String words) {
        for (String sentence : SENTENCE.split(words)) {
            if (!rules.finds("q3Emptied", sentence)) {
                continue;
            }
            for (String clause : CLAUSE.split(sentence)) {
                if (rules.finds("q3Server", clause) && rules.finds("q3Queue", clause) && !rules.finds("q3Outbox", clause)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A question back counts against question 3 only when it is about the queue or its emptying ("what is a queue?",
     * "do you mean the outbox?"), and not when the customer answers it right away ("Queue emptied? Yes."). "What
     * exactly is relaying?" is a question for the follow-up, not a doubt about the queue.
     */
    private static Optional<ReadingRules.Hit> question(ReadingRules rules, String sentence, String words) {
        Optional<ReadingRules.Hit> hit = rules.first("q3Question", sentence);
        if (hit.isEmpty()) {
            return hit;
        }
        // a pronoun ("Does this affect receiving?") makes a question about the queue only where it opens the answer
        boolean opens = words.strip().startsWith(sentence.strip());
        boolean aboutQueue = rules.finds("q3Queue", sentence) || rules.finds("q3Emptied", sentence) || rules.finds("q3Command", sentence)
                || rules.finds("q3Unknown", sentence) || (opens && rules.finds("q3Topic", sentence)) || rules.finds("q3Outbox", sentence);
        if (!aboutQueue) {
            return Optional.empty();
        }
        int at = words.indexOf(sentence);
        String after = at < 0 ? "" : words.substring(at + sentence.length()).strip();
        if (rules.first("affirm", after).isPresent()) {
            // "Queue emptied? -> yes, confirmed by our admin": the customer answers the question right away
            return Optional.empty();
        }
        return hit;
    }

    /**
     * The answer without the sentences that ask the provider for something (re-enable, call back, hurry, thanks):
     * a request, plea or question to the provider is never part of the verdict. A sentence that names the queue or
     * says the customer does not know stays: "Can you tell me what the queue is?" is a question back.
     */
    static String withoutRequests(ReadingRules rules, String words) {
        StringBuilder b = new StringBuilder();
        for (String sentence : SENTENCE.split(words)) {
            boolean aboutQueue = rules.finds("q3Queue", sentence) || rules.finds("q3Unknown", sentence) || rules.finds("q3Command", sentence);
            if (rules.finds("request", sentence) && !aboutQueue) {
                continue;
            }
            if (sentence.strip().endsWith("?") && !aboutQueue && !rules.finds("q3Outbox", sentence) && !rules.finds("q3Emptied", sentence)
                    && !rules.finds("q3Topic", sentence.replaceAll("(?i)\\b(das|this|that|it)\\s+(normal|ok|okay|fine|enough)\\b", ""))) {
                // "Es kommen aber noch Bounces rein - ist das normal?": a question to the provider about something else
                continue;
            }
            b.append(sentence.strip()).append('\n');
        }
        return b.toString();
    }

    /**
     * A negation counts only in a sentence about the queue or its emptying (a queue word, "emptied", a command, "it",
     * "done", "das", "erledigt") or a bare "No.": "Mehr gibt es dazu nicht zu sagen" says nothing about the queue.
     */
    private static Optional<ReadingRules.Hit> negation(ReadingRules rules, String words) {
        for (String sentence : SENTENCE.split(words)) {
            if (rules.finds("q3Queue", sentence) || rules.finds("q3Emptied", sentence) || rules.finds("q3Command", sentence)
                    || rules.finds("q3Topic", sentence) || rules.finds("affirm", sentence.strip())) {
                Optional<ReadingRules.Hit> hit = rules.first("q3Negation", sentence);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
