package org.relaywarden.questionnaire;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the answers to questions 1 and 2 are about, judged by the word lists of {@link ReadingRules}: a cause
 * named, an action given instead of a cause, a measure that addresses the relay, or one that has nothing to do
 * with it (a spam filter or virus scanner on a PC). The judgement is shown with its reason in the review form, the
 * case view and the audit trail. It decides only one thing: an answer 2 that names nothing but such an
 * irrelevant measure leaves question 2 open, and the follow-up letter explains why.
 */
public final class ContentJudgement {

    public enum Kind {
        CAUSE_NAMED("names a cause"),
        CAUSE_UNKNOWN("says the cause is unknown"),
        CAUSE_VAGUE("says only that the login was taken or abused, not how"),
        ACTION_NOT_CAUSE("an action that is not a cause"),
        DENIES("denies the incident"),
        QUESTION_BACK("asks back or for help instead of answering"),
        NO_MEASURE("names no measure: nothing done yet, or someone asked to look into it"),
        ADDRESSES_RELAY("addresses the relay"),
        IRRELEVANT("irrelevant to an open relay"),
        UNCLEAR("nothing recognised: read it"),
        NONE("not answered");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The class, why (the rule's reason) and the words it rests on. */
    public record Judgement(Kind kind, String why, String words) {
        public String summary() {
            return kind.label + (why == null ? "" : ": " + why) + (words == null || words.isBlank() ? "" : " (\"" + words.strip() + "\")");
        }

        /** The answer says something a reader can work with. */
        public boolean recognised() {
            return kind != Kind.NONE && kind != Kind.UNCLEAR;
        }
    }

    private ContentJudgement() {
    }

    /** Question 1: what caused the spam. */
    public static Judgement cause(String text) {
        if (text == null || text.isBlank()) {
            return new Judgement(Kind.NONE, null, null);
        }
        ReadingRules rules = ReadingRules.standard();
        if (onlyQuestions(text)) {
            return new Judgement(Kind.QUESTION_BACK, "every sentence of it is a question", text.strip());
        }
        if (bareWord(rules, text)) {
            return new Judgement(Kind.NONE, "a bare yes, no or sign says nothing about the cause", text.strip());
        }
        if (vague(rules, text)) {
            return new Judgement(Kind.CAUSE_UNKNOWN, "names nobody and no way in, or only guesses beside saying it is not known",
                    String.join(" ", rules.all("causeVague", text)));
        }
        Judgement judged = first(rules, "cause", text, Kind.CAUSE_NAMED)
                .or(() -> first(rules, "causeExplicit", text, Kind.CAUSE_NAMED))
                .or(() -> first(rules, "helpRequest", text, Kind.QUESTION_BACK))
                .or(() -> first(rules, "denial", text, Kind.DENIES))
                .or(() -> first(rules, "causeUnknown", text, Kind.CAUSE_UNKNOWN))
                .or(() -> first(rules, "relayMeasure", text, Kind.ACTION_NOT_CAUSE).or(() -> first(rules, "cleanedMachine", text, Kind.ACTION_NOT_CAUSE))
                        .map(j -> new Judgement(Kind.ACTION_NOT_CAUSE, "describes what was done (" + j.why() + "), not what caused it", j.words())))
                .orElse(new Judgement(Kind.UNCLEAR, "no cause recognised", null));
        if (judged.kind() == Kind.CAUSE_NAMED && text.length() <= VAGUE_MAX && text.strip().split("\\s+").length <= BARE_CAUSE_WORDS
                && rules.finds("cause", text) && !concreteCause(text)) {
            // "Someone got hold of our password", "Das Passwort wurde gestohlen", "Wir wurden gehackt, wie wissen wir nicht":
            // that the login was taken, without how, is no cause (a weak, guessed, phished, leaked or reused password is)
            return new Judgement(Kind.CAUSE_VAGUE, "names no way in: a weak, guessed, phished, leaked or reused password would be one",
                    String.join(" ", rules.all("causeBare", text)));
        }
        if (judged.kind() == Kind.UNCLEAR && aboutTheQueue(rules, text)) {
            // "our mail server queue is empty now" written where the cause is asked: an answer to question 3, not to 1
            return new Judgement(Kind.NONE, "speaks of the queue (question 3), not of a cause", text.strip());
        }
        return judged;
    }

    /**
     * "Hackers.", "We don't know. Probably a virus.", "irgendwie ist das Passwort wohl rausgekommen": once the vague words
     * (someone, somehow; a virus; a guess) are taken out, no cause is left. Someone or somehow names no cause when the
     * customer says the cause is not known or the answer is nothing but those words; a virus names none beside "we don't
     * know" or a guess ("war ein Virus" alone is a cause). A named way in beside them ("probably phished") stays a cause.
     */
    static boolean vague(ReadingRules rules, String text) {
        if (text.length() > VAGUE_MAX) {
            // a long answer is not one of vague words; it is judged by what it names
            return false;
        }
        // "Vermutlich eine Sicherheitslücke", "A user made a mistake": a hole or a mistake without what or where is as vague
        boolean nobody = rules.finds("causeVague", text) || rules.finds("causeHole", text);
        boolean weak = rules.finds("causeWeak", text);
        boolean guess = rules.finds("causeHedge", text);
        if (!nobody && !weak) {
            return false;
        }
        String rest = rules.replace("causeHedge", rules.replace("causeWeak", rules.replace("causeHole",
                rules.replace("causeVague", text, " "), " "), " "), " ");
        if (rules.finds("cause", rest) || rules.finds("causeExplicit", rest)) {
            return false;
        }
        boolean unknown = rules.finds("causeUnknown", text);
        String words = rest.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        boolean bare = words.isEmpty() || words.split(" ").length <= VAGUE_REST_WORDS;
        return (nobody && (unknown || bare)) || (weak && (unknown || guess));
    }

    /**
     * The answer names how the login was taken (a weak, guessed, phished, leaked or reused password, malware, an old
     * account, a device or note with the password that was stolen or hacked, ...) once the words that only say it was taken ("stolen", "hacked", "someone got"), that nobody knows, or
     * a guess are left out.
     */
    public static boolean concreteCause(String text) {
        if (text == null) {
            return false;
        }
        ReadingRules rules = ReadingRules.standard();
        String rest = rules.replace("causeBare", rules.replace("causeUnknown", rules.replace("causeHedge",
                rules.replace("causeVague", text, " "), " "), " "), " ");
        // "Mein Laptop wurde aus dem Auto gestohlen, Thunderbird mit gespeichertem Passwort": the thing that carried the
        // password names the way in, though "stolen" alone does not
        return rules.finds("cause", rest) || rules.finds("causeCarrier", text);
    }

    /** The longest answer 1 judged by {@link #concreteCause}: longer answers name their cause in words the rules may not know. */
    static final int BARE_CAUSE_WORDS = 30;

    /** The longest answer 1 that is looked at for vague words only. */
    static final int VAGUE_MAX = 2_000;

    /** Words left beside the vague ones that still make a bare vague answer ("it was hackers"). */
    static final int VAGUE_REST_WORDS = 3;

    /** The answer names the server's queue or a queue command: what question 3 asks about. */
    static boolean aboutTheQueue(ReadingRules rules, String text) {
        return rules.finds("q3Queue", text) || rules.finds("q3Command", text);
    }

    /** Question 2: what was done against a repeat. */
    public static Judgement prevention(String text) {
        if (text == null || text.isBlank()) {
            return new Judgement(Kind.NONE, null, null);
        }
        ReadingRules rules = ReadingRules.standard();
        if (onlyQuestions(text)) {
            return new Judgement(Kind.QUESTION_BACK, "every sentence of it is a question", text.strip());
        }
        if (text.length() <= VAGUE_MAX && rules.finds("relayMeasure", text) && onlyPlanned(rules, text)) {
            // "Wir prüfen gerade, ob wir 2FA einführen", "we're considering MFA": a measure planned or weighed is not yet one
            return new Judgement(Kind.NO_MEASURE, "every measure named is only planned, considered or denied",
                    String.join(" ", rules.all("measureNotTaken", text)));
        }
        // a machine cleaned counts unless an antivirus or scanner is what cleaned it ("did a full scan, the virus is removed")
        return first(rules, "relayMeasure", text, Kind.ADDRESSES_RELAY)
                .or(() -> rules.finds("irrelevant", text) ? Optional.empty() : first(rules, "cleanedMachine", text, Kind.ADDRESSES_RELAY))
                .or(() -> first(rules, "irrelevant", text, Kind.IRRELEVANT))
                .or(() -> first(rules, "helpRequest", text, Kind.QUESTION_BACK))
                .or(() -> first(rules, "nonMeasure", text, Kind.NO_MEASURE))
                .or(() -> aboutTheQueue(rules, text) ? Optional.of(new Judgement(Kind.NO_MEASURE,
                        "emptying the queue is question 3; it does nothing against a repeat", text.strip())) : Optional.empty())
                .orElse(new Judgement(Kind.UNCLEAR, "no measure against abuse of the relay recognised", null));
    }

    /** Within a sentence, a clause ends at a comma or "and"; one that opens with "whether" or "that" belongs to the one before. */
    private static final Pattern MEASURE_CLAUSE = Pattern.compile(",(?!\\s*(?:ob|whether|if|dass|that)\\b)\\s*"
            + "|\\s+(?:und|and|sowie|plus|\\+)(?!\\s*(?:ob|whether|if|dass|that)\\b)\\s+", ReadingRules.FLAGS);

    /**
     * Every clause that names a measure also says it is only planned, weighed or denied, or follows a clause that does and
     * names none itself ("Wir überlegen, ein Versandlimit einzurichten").
     */
    static boolean onlyPlanned(ReadingRules rules, String text) {
        boolean planned = false;
        for (String sentence : SENTENCE_END.split(text)) {
            boolean planBefore = false;
            for (String clause : MEASURE_CLAUSE.split(sentence)) {
                boolean measure = rules.finds("relayMeasure", clause);
                boolean plan = rules.finds("measureNotTaken", clause);
                if (measure) {
                    if (!plan && !planBefore) {
                        return false;
                    }
                    planned = true;
                }
                planBefore = plan && !measure;
            }
        }
        return planned;
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    /** "Ist das Phishing?", "What is relaying?": an answer whose every sentence asks something back. */
    public static boolean onlyQuestions(String text) {
        boolean any = false;
        for (String s : SENTENCE_END.split(text.strip())) {
            String t = s.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.endsWith("?")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** "yes", "Ja.", "?", "-": a bare word or sign that answers no question about a cause or a measure. */
    static boolean bareWord(ReadingRules rules, String text) {
        String t = text.strip();
        return t.replaceAll("[\\p{L}\\p{N}]", "").length() == t.length()
                || (t.split("\\s+").length <= 2 && rules.finds("affirm", t) && !rules.finds("cause", t));
    }

    private static Optional<Judgement> first(ReadingRules rules, String key, String text, Kind kind) {
        return rules.first(key, text).map(h -> new Judgement(kind, h.rule().why(), h.matched()));
    }

    /** The words of all rules of {@code key} found in {@code text} (for tests and the documentation). */
    static List<String> found(String key, String text) {
        return ReadingRules.standard().all(key, text);
    }
}
