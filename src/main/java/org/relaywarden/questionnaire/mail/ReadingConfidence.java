package org.relaywarden.questionnaire.mail;

import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.ContentJudgement;
import org.relaywarden.questionnaire.QuestionThree;
import org.relaywarden.questionnaire.ReadingRules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How sure the reader is that each question is answered (docs/customer-communication.md, "How sure the reader is"):
 * a score from 0 (surely not answered) to 100 (surely answered) per question, with the reasons that raised or lowered
 * it. The judges ({@link ContentJudgement}, {@link QuestionThree}) give the verdict; the score says how far to trust it.
 * {@link Thresholds} turn the scores into the reply's fate: every question at or above {@code answered} is answered, every
 * one at or below {@code open} is not; a question in between leaves the reply to an agent, with the best reading
 * pre-filled, rather than to a letter that may ask again for what the customer answered.
 */
public final class ReadingConfidence {

    /** One question's score and what made it. */
    public record Score(int question, int score, List<String> why) {
        public Score {
            why = List.copyOf(why);
        }

        /** One line: "1: 50 (names a cause; beside it: not known how)". */
        public String summary() {
            return question + ": " + score + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")");
        }
    }

    /**
     * {@code answered}: the least score of a question read as answered; {@code open}: the greatest score of a question read
     * as not answered. Between them the reader is unsure.
     */
    public record Thresholds(int answered, int open) {
        public Thresholds {
            if (open >= answered) {
                throw new IllegalArgumentException("open (" + open + ") must be below answered (" + answered + ")");
            }
        }

        public boolean answered(Score s) {
            return s.score() >= answered;
        }

        public boolean open(Score s) {
            return s.score() <= open;
        }

        public boolean unsure(Score s) {
            return !answered(s) && !open(s);
        }
    }

    /** The thresholds the product runs with, calibrated on the blind corpora (ReplyCorpusTest prints the trade-off). */
    public static final Thresholds STANDARD = new Thresholds(70, 60);

    /** A verdict found under the customer's own number or heading is trusted more than one found somewhere in the text. */
    static final int SOMEWHERE_IN_THE_TEXT = 10;
    /** "I deleted the account" given as the cause: the one doubt the blind corpora show an agent settles better than a letter. */
    static final int ACTION_INSTEAD_OF_CAUSE = 65;
    /** A cause named beside "we don't know" or only guessed ("vermutlich ein Virus"). */
    static final int CAUSE_BESIDE_DOUBT = 40;
    /** A measure named in a sentence that plans or denies it ("we may add 2FA", "its password had never been changed"). */
    static final int MEASURE_BESIDE_PLAN = 45;
    /** A measure on another account than the one the cause names ("info@" changed, "buchung@" was guessed). */
    static final int MEASURE_ON_ANOTHER_ACCOUNT = 65;
    /** An account named by its local part ("buchung@", "info@example.org"). */
    private static final Pattern ACCOUNT = Pattern.compile("(?<![\\p{L}\\p{N}._-])([\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,63})@",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** The accounts an answer names, by their local part, in lower case. */
    static Set<String> accounts(String text) {
        Set<String> out = new TreeSet<>();
        if (text != null) {
            Matcher m = ACCOUNT.matcher(text);
            while (m.find()) {
                out.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Question 3 blocked by a word (a "no", a "will", an "except", a question mark) beside a sentence or listing that confirms it. */
    static final int CONFIRMATION_BESIDE_BLOCKER = 60;

    private static final Set<QuestionThree.Reason> SOFT_BLOCKERS = EnumSet.of(QuestionThree.Reason.NEGATION, QuestionThree.Reason.FUTURE,
            QuestionThree.Reason.PARTIAL, QuestionThree.Reason.QUESTION, QuestionThree.Reason.HEDGE);

    private ReadingConfidence() {
    }

    /** The scores of the three questions of one reply. */
    public static Map<Integer, Score> of(ReplyParser.ParsedReply parsed, Answers a) {
        Map<Integer, Score> out = new TreeMap<>();
        out.put(1, cause(parsed, a));
        out.put(2, prevention(parsed, a));
        out.put(3, three(parsed, a));
        return out;
    }

    static Score cause(ReplyParser.ParsedReply parsed, Answers a) {
        ContentJudgement.Judgement j = a.causeJudgement();
        List<String> why = new ArrayList<>();
        why.add(j.kind().label);
        ReadingRules rules = ReadingRules.standard();
        String text = a.cause();
        int score = switch (j.kind()) {
            case CAUSE_NAMED -> 90;
            // "I deleted the account": an answer by the desk's convention, but not a cause a reviewer can accept unseen
            case ACTION_NOT_CAUSE -> ACTION_INSTEAD_OF_CAUSE;
            // "the password was stolen": the corpora's readers differ on it; the reader does not call it a cause
            case CAUSE_VAGUE -> 30;
            // words the reader cannot place: a cause in words the rules do not know, unless they are short, vague or a guess
            case UNCLEAR -> placeable(rules, text, "causeVague", "causeHole", "causeHedge") ? 75 : 20;
            default -> 5;
        };
        if (j.kind() == ContentJudgement.Kind.UNCLEAR && score < 50) {
            why.add("short, vague or a guess");
        }
        if (j.kind() == ContentJudgement.Kind.CAUSE_NAMED) {
            if (rules.finds("causeUnknown", text)) {
                score = CAUSE_BESIDE_DOUBT;
                why.add("beside it, the customer says it is not known (\"" + String.join(" ", rules.all("causeUnknown", text)) + "\")");
            } else if (rules.finds("causeHedge", text) && !ContentJudgement.concreteCause(text)) {
                score = CAUSE_BESIDE_DOUBT;
                why.add("a guess (\"" + String.join(" ", rules.all("causeHedge", text)) + "\")");
            }
            if (parsed.readBy() == ReplyParser.ReadBy.CONTENT) {
                score -= SOMEWHERE_IN_THE_TEXT;
                why.add("found by its words, not under its number");
            }
        }
        return new Score(1, score, why);
    }

    static Score prevention(ReplyParser.ParsedReply parsed, Answers a) {
        ContentJudgement.Judgement j = a.preventionJudgement();
        List<String> why = new ArrayList<>();
        why.add(j.kind().label);
        ReadingRules rules = ReadingRules.standard();
        int score = switch (j.kind()) {
            case ADDRESSES_RELAY -> 90;
            // a measure in words the rules do not know, unless it is short or a plan ("we will monitor the account")
            case UNCLEAR -> placeable(rules, a.prevention(), "measureNotTaken", "nonMeasure") ? 75 : 20;
            default -> 5;
        };
        if (j.kind() == ContentJudgement.Kind.UNCLEAR && score < 50) {
            why.add("short or only a plan");
        }
        if (j.kind() == ContentJudgement.Kind.ADDRESSES_RELAY) {
            if (rules.finds("measureNotTaken", a.prevention())) {
                score = MEASURE_BESIDE_PLAN;
                why.add("beside it, a plan or a denial (\"" + String.join(" ", rules.all("measureNotTaken", a.prevention())) + "\")");
            }
            Set<String> abused = accounts(a.cause());
            Set<String> changed = accounts(a.prevention());
            if (!abused.isEmpty() && !changed.isEmpty() && Collections.disjoint(abused, changed) && !rules.finds("measureAll", a.prevention())) {
                // "1. buchung@ had the password 'ostsee'" - "2. I changed the password of info@": the measure names another
                // account than the cause; whether the abused one was secured too is for an agent to see
                score = Math.min(score, MEASURE_ON_ANOTHER_ACCOUNT);
                why.add("the measure names another account (" + String.join(", ", changed) + ") than the cause ("
                        + String.join(", ", abused) + ")");
            }
            if (parsed.readBy() == ReplyParser.ReadBy.CONTENT) {
                score -= SOMEWHERE_IN_THE_TEXT;
                why.add("found by its words, not under its number");
            }
        }
        return new Score(2, score, why);
    }

    /** Fewer words than this are too short to be a cause or measure the rules do not know ("Das Passwort.", "A user made a mistake."). */
    static final int PLACEABLE_WORDS = 6;

    /** Unrecognised words that may still be an answer: long enough, and none of the given (vague, hedging, planning) words. */
    static boolean placeable(ReadingRules rules, String text, String... against) {
        if (text == null || text.strip().split("\\s+").length < PLACEABLE_WORDS) {
            return false;
        }
        for (String key : against) {
            if (rules.finds(key, text)) {
                return false;
            }
        }
        return true;
    }

    static Score three(ReplyParser.ParsedReply parsed, Answers a) {
        QuestionThree.Reading r = a.questionThree();
        List<String> why = new ArrayList<>();
        why.add(r.summary());
        String text = a.queueOutput();
        int score;
        if (r.confirmed()) {
            score = r.reason() == QuestionThree.Reason.CONFIRMED_BY_LISTING ? 95 : 85;
            if (parsed.readBy() == ReplyParser.ReadBy.CONTENT && r.reason() != QuestionThree.Reason.CONFIRMED_BY_LISTING) {
                score -= SOMEWHERE_IN_THE_TEXT;
                why.add("found by its words, not under its number");
            }
        } else if (SOFT_BLOCKERS.contains(r.reason()) && text != null && QuestionThree.confirmsBesides(text)) {
            // "3. No mails left, the queue is empty": a confirmation stands beside the word that blocked it
            score = CONFIRMATION_BESIDE_BLOCKER;
            why.add("a confirmation stands beside it");
        } else {
            score = 5;
        }
        return new Score(3, score, why);
    }
}
