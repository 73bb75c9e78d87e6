package org.relaywarden.questionnaire.mail;

import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.ContentJudgement;
import org.relaywarden.questionnaire.QuestionThree;
import org.relaywarden.questionnaire.ReadingRules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reader's verdict on one reply: the answers it found (its best reading), and how sure it is of them
 * (docs/customer-communication.md, "How sure the reader is"). Only a {@link Confidence#HIGH} reading is acted on
 * automatically (to review when complete, the follow-up letter for what is missing). A reading the reader cannot
 * place confidently goes to an agent with the best reading pre-filled, rather than as an automatic follow-up that
 * may ask the customer again for what they answered; one in which nothing answers any question goes to an agent
 * as before.
 */
public record ReplyReading(ReplyParser.ParsedReply parsed, Answers answers, Confidence confidence, List<String> doubts,
                           Map<Integer, ReadingConfidence.Score> scores) {

    public enum Confidence {
        /** the reading is acted on automatically */
        HIGH,
        /** an agent confirms the pre-filled reading (one click) or corrects it */
        LOW,
        /** nothing in the reply answers any question: an agent reads it */
        NONE
    }

    /** Unplaced own text (characters) above which an incomplete reading is not trusted to ask again. */
    static final int UNPLACED = 600;

    public ReplyReading {
        doubts = List.copyOf(doubts);
        scores = Map.copyOf(scores);
    }

    ReplyReading(ReplyParser.ParsedReply parsed, Answers answers, Confidence confidence, List<String> doubts) {
        this(parsed, answers, confidence, doubts, Map.of());
    }

    /** The reply goes to an agent instead of being submitted. */
    public boolean toAgent() {
        return confidence != Confidence.HIGH;
    }

    /** Reads a reply: text and attached listings. */
    public static ReplyReading of(IncomingReply reply) {
        return of(ReplyProcessor.withAttachedListings(ReplyParser.parse(reply.text()), reply.attachedListings()));
    }

    public static ReplyReading of(ReplyParser.ParsedReply parsed) {
        return of(parsed, ReadingConfidence.STANDARD);
    }

    /** Reads a parsed reply with the given thresholds of confidence (the product uses {@link ReadingConfidence#STANDARD}). */
    public static ReplyReading of(ReplyParser.ParsedReply parsed, ReadingConfidence.Thresholds thresholds) {
        Answers judged = ReplyProcessor.toAnswers(parsed);
        Map<Integer, ReadingConfidence.Score> scores = parsed.parseable() ? ReadingConfidence.of(parsed, judged) : Map.of();
        Answers a = parsed.parseable() ? withoutOpen(judged, scores, thresholds) : judged;
        if (!parsed.parseable()) {
            if (triedWithoutAnswer(parsed)) {
                // "keine ahnung, unser IT-Mann kümmert sich morgen", "I'm pretty sure it's empty": the customer tries and
                // answers nothing; the follow-up letter asks for each question
                return new ReplyReading(parsed, a, Confidence.HIGH, List.of());
            }
            return new ReplyReading(parsed, a, Confidence.NONE, List.of("no answer to any of the three questions found in the reply"));
        }
        List<String> doubts = new ArrayList<>();
        QuestionThree.Reading three = a.questionThree();
        boolean helpOnly = !parsed.answers().containsKey(1) && !parsed.answers().containsKey(2)
                && (three.reason() == QuestionThree.Reason.QUESTION || three.reason() == QuestionThree.Reason.UNKNOWN);
        if (helpOnly) {
            // "what is a queue?" and nothing else: a request for help, which a person answers better than a letter
            return new ReplyReading(parsed, a, Confidence.NONE, List.of("the reply only asks back about the queue: a request for help"));
        }
        if (judged.missingQuestions().equals("1,2,3") && !attempt(parsed, judged) && !triedWithoutAnswer(parsed)) {
            // words were placed, but none of them tries to answer a question ("I have no idea what any of this means"):
            // nothing for a letter to build on. An answer that misses ("we emptied the outbox", "nothing so far", a
            // listing that still shows mail) is an attempt: the follow-up letter explains what is still needed
            return new ReplyReading(parsed, a, Confidence.NONE, List.of("nothing in the reply answers any of the three questions"));
        }
        for (ReadingConfidence.Score score : scores.values()) {
            if (thresholds.unsure(score)) {
                // neither sure it is answered nor sure it is not: an agent confirms the best reading, no letter asks again
                doubts.add("unsure of answer " + score.summary());
            }
        }
        if (!a.complete() && doubts.isEmpty()) {
            int placed = parsed.answers().values().stream().mapToInt(String::length).sum();
            int unplaced = parsed.ownText().length() - placed;
            if (unplaced > UNPLACED && unplaced > 2 * placed) {
                // more of the customer's own words than the reader placed: the missing answer may stand in them
                doubts.add("the reader placed " + placed + " of " + parsed.ownText().length()
                        + " characters of the reply; the missing answer may stand in the rest");
            }
        }
        return new ReplyReading(parsed, a, doubts.isEmpty() ? Confidence.HIGH : Confidence.LOW, doubts, scores);
    }

    /**
     * The judged answers without answers 1 and 2 that the reader is sure do not answer their question (words it cannot
     * place are no cause and no measure to it): the follow-up asks for them, the raw reply stays with its record. Question 3
     * is left to its judge, which already needs positive evidence.
     */
    static Answers withoutOpen(Answers a, Map<Integer, ReadingConfidence.Score> scores, ReadingConfidence.Thresholds t) {
        boolean one = a.cause() != null && t.open(scores.get(1)) && !a.missingQuestions().contains("1");
        boolean two = a.prevention() != null && t.open(scores.get(2)) && !a.missingQuestions().contains("2");
        return one || two ? new Answers(one ? null : a.cause(), two ? null : a.prevention(), a.queueEmptied(), a.queueOutput()) : a;
    }

    /** The questions this reading takes as answered (its best reading when it goes to an agent). */
    public Set<Integer> answered() {
        Set<Integer> out = new TreeSet<>(List.of(1, 2, 3));
        for (String n : answers.missingQuestions().split(",")) {
            if (!n.isBlank()) {
                out.remove(Integer.parseInt(n.strip()));
            }
        }
        return out;
    }

    /**
     * Words the reader placed nowhere, of the kinds the desk reads as an attempt that answers nothing: about what the
     * questions ask (the login, the server, how it happened, a technician), the cause is not known or only "hackers", a
     * measure only planned or watched, the queue only hoped or promised empty; or a blanket "done" ("keine Ahnung, unser IT-Mann kümmert sich morgen", "I'm pretty sure it's empty", "All done"). The follow-up
     * letter asks for each question (the desk's readings send these to no agent). Not when the words only ask back or ask
     * for help, a person answers those better than a letter; nor when they claim an emptied queue the reader could not
     * place, an agent reads that rather than a letter asking again.
     */
    static boolean triedWithoutAnswer(ReplyParser.ParsedReply parsed) {
        // a letter forwarded or pasted back without ">" carries our own words: not the customer's
        String own = parsed.ownText() == null ? "" : ReplyParser.beforeOurLetter(LetterText.standard(), parsed.ownText());
        ReadingRules rules = ReadingRules.standard();
        if (own.isBlank() || rules.finds("helpRequest", own) || ContentJudgement.onlyQuestions(own)
                || rules.finds("q3Emptied", own) || rules.finds("q3EmptyPhrase", own)) {
            return false;
        }
        // both: words about what the questions ask (the login, the server, how it happened, a technician) and words of an
        // attempt that fails; auto-replies, anger and "call me" promise and deny too, but about nothing the letter asked
        return rules.finds("triedBlanket", own)
                || (rules.finds("triedTopic", own) && TRIED_WITHOUT_ANSWER.stream().anyMatch(key -> rules.finds(key, own)));
    }

    /** The rule keys of words that try to answer and answer nothing (see {@link #triedWithoutAnswer}). */
    static final List<String> TRIED_WITHOUT_ANSWER = List.of("causeUnknown", "causeVague", "measureNotTaken", "nonMeasure",
            "q3Hedge", "q3Future");

    /** Judgements of answer 1 that are an attempt to answer it, even when they do not answer it. */
    private static final Set<ContentJudgement.Kind> TRIED_ONE = EnumSet.of(ContentJudgement.Kind.CAUSE_NAMED,
            ContentJudgement.Kind.ACTION_NOT_CAUSE, ContentJudgement.Kind.DENIES, ContentJudgement.Kind.CAUSE_VAGUE);
    private static final Set<ContentJudgement.Kind> TRIED_TWO = EnumSet.of(ContentJudgement.Kind.ADDRESSES_RELAY,
            ContentJudgement.Kind.IRRELEVANT, ContentJudgement.Kind.NO_MEASURE);
    /** Reasons of question 3 that show the customer tried to answer it (the follow-up explains each of them). */
    private static final Set<QuestionThree.Reason> TRIED_THREE = EnumSet.of(QuestionThree.Reason.OUTBOX, QuestionThree.Reason.DELETED,
            QuestionThree.Reason.NOT_SERVER, QuestionThree.Reason.FLUSHED, QuestionThree.Reason.RESTARTED, QuestionThree.Reason.PARTIAL,
            QuestionThree.Reason.STALE, QuestionThree.Reason.FUTURE, QuestionThree.Reason.HEDGE, QuestionThree.Reason.NEGATION,
            QuestionThree.Reason.LISTING_SHOWS_MAIL);

    /**
     * Some answer tries to answer its question, though none answers it: a cause named, a measure (also one that does
     * not count), or answer 3 about the wrong queue, a restart, a plan, unless every sentence of it asks back ("do you
     * mean the outbox in Outlook?").
     */
    static boolean attempt(ReplyParser.ParsedReply parsed, Answers a) {
        String three = parsed.answers().get(3);
        return TRIED_ONE.contains(a.causeJudgement().kind()) || TRIED_TWO.contains(a.preventionJudgement().kind())
                || (TRIED_THREE.contains(a.questionThree().reason()) && three != null && !ContentJudgement.onlyQuestions(three));
    }

    /** One line for the audit trail and the agent's task. */
    public String summary() {
        return "confidence " + confidence.name().toLowerCase(Locale.ROOT)
                + (doubts.isEmpty() ? "" : " (" + String.join("; ", doubts) + ")")
                + (scores.isEmpty() ? "" : "; scores " + String.join(", ", scores.values().stream().map(c -> c.question() + ": " + c.score()).toList()));
    }
}
