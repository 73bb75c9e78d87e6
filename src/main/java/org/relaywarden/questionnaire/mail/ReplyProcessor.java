package org.relaywarden.questionnaire.mail;

import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.UnknownCaseException;
import org.relaywarden.notification.LetterService;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.AnswersRepository;
import org.relaywarden.questionnaire.ContentJudgement;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.relaywarden.questionnaire.QuestionnaireTokens;
import org.relaywarden.questionnaire.QuestionThree;
import org.relaywarden.questionnaire.QueueOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens to one reply from the abuse mailbox, in one transaction with its record: matched
 * to its case (reply-address token, then In-Reply-To/References, then a {@code [#RW-n]} tag in the
 * subject), read into answers ({@link ReplyParser}: markers, inline replies, prose by content), merged with the
 * answers of the round before and submitted like answers from the page; an incomplete reply thereby triggers the
 * follow-up letter. A reply that matches no case, answers none of the questions or comes while the case is not
 * waiting goes to an agent with its raw text. Auto-replies
 * and bounces are recorded and left alone. A Message-ID seen before is skipped.
 */
@Service
public class ReplyProcessor {

    private static final Logger log = LoggerFactory.getLogger(ReplyProcessor.class);
    private static final Pattern REPLY_ADDRESS = Pattern.compile("^[^+@\\s]+\\+([0-9a-f]{32})@.+$");
    private static final Pattern SUBJECT_TAG = Pattern.compile("\\[#(RW-[1-9][0-9]{0,17})]");
    public enum Outcome { ANSWERS, TO_AGENT_UNMATCHED, TO_AGENT_UNPARSEABLE, TO_AGENT_UNSURE, TO_AGENT_NOT_WAITING, AUTOMATIC, DUPLICATE }

    private final ReplyLog replies;
    private final QuestionnaireTokens tokens;
    private final LetterService letters;
    private final CaseRecords cases;
    private final QuestionnaireService questionnaire;
    private final AgentInbox agents;
    private final Clock clock;

    ReplyProcessor(ReplyLog replies, QuestionnaireTokens tokens, LetterService letters, CaseRecords cases,
                   QuestionnaireService questionnaire, AgentInbox agents, Clock clock) {
        this.replies = replies;
        this.tokens = tokens;
        this.letters = letters;
        this.cases = cases;
        this.questionnaire = questionnaire;
        this.agents = agents;
        this.clock = clock;
    }

    record Match(CaseReference ref, String by) {
    }

    @Transactional
    public Outcome process(IncomingReply reply) {
        if (replies.seen(reply.messageId())) {
            return Outcome.DUPLICATE;
        }
        if (reply.automatic()) {
            replies.record(reply, null, null, Outcome.AUTOMATIC.name(), clock.instant());
            return Outcome.AUTOMATIC;
        }
        Optional<Match> match = match(reply);
        if (match.isEmpty()) {
            replies.record(reply, null, null, Outcome.TO_AGENT_UNMATCHED.name(), clock.instant());
            agents.readReply(null, reply, "reply matched no case");
            log.info("reply {} matched no case: handed to an agent", reply.messageId());
            return Outcome.TO_AGENT_UNMATCHED;
        }
        CaseReference ref = match.get().ref();
        RemediationCase c = cases.get(ref);
        ReplyReading reading = ReplyReading.of(reply);
        ReplyParser.ParsedReply parsed = reading.parsed();
        Outcome outcome = reading.confidence() == ReplyReading.Confidence.NONE ? Outcome.TO_AGENT_UNPARSEABLE
                : c.stage() != CaseStage.AWAITING_ANSWERS ? Outcome.TO_AGENT_NOT_WAITING
                : reading.confidence() == ReplyReading.Confidence.LOW ? Outcome.TO_AGENT_UNSURE : Outcome.ANSWERS;
        replies.record(reply, ref, match.get().by(), outcome.name(), clock.instant());
        long replyId = replies.id(reply.messageId());
        replies.reading(replyId, reading);
        Answers read = reading.answers();
        cases.audit(ref, CaseRecords.SYSTEM, "REPLY_RECEIVED", "by mail, matched by " + match.get().by() + ", answers "
                + parsed.answers().keySet() + " read by " + parsed.readBy().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (parsed.parseable() ? "; 1: " + read.causeJudgement().kind().label + "; 2: " + read.preventionJudgement().kind().label
                + "; 3: " + read.questionThree().summary() + "; " + reading.summary() : "")
                + (outcome == Outcome.ANSWERS ? "" : ", handed to an agent (" + outcome + ")"));
        // the agent's task last: the record and the audit are written before the task can be seen
        if (outcome == Outcome.TO_AGENT_UNPARSEABLE) {
            agents.readReply(ref, reply, String.join("; ", reading.doubts()));
        } else if (outcome == Outcome.TO_AGENT_UNSURE) {
            agents.confirmReading(ref, reply, replyId, reading);
        } else if (outcome == Outcome.TO_AGENT_NOT_WAITING) {
            agents.readReply(ref, reply, "reply came while the case is " + c.stage());
        }
        if (outcome == Outcome.ANSWERS) {
            // a technical failure (e.g. the process is between two wait states) rolls all of this back:
            // the mail stays in the mailbox and is read again on the next round
            Answers earlier = questionnaire.rounds(ref).stream().reduce((a, b) -> b).map(AnswersRepository.Round::answers).orElse(null);
            questionnaire.submit(ref, merge(earlier, read), "mail", "customer");
        }
        return outcome;
    }

    /**
     * An agent confirms the reading of a reply the reader was unsure of (one click): exactly the reading stored with
     * the reply is merged with the round before and submitted, as the reply would have been; the task is done.
     *
     * @throws UnknownCaseException      no such reply of this case whose reading waits for a confirmation (404)
     */
    @Transactional
    public QuestionnaireService.Outcome confirmReading(CaseReference ref, long replyId, String agent) {
        cases.get(ref);
        Answers read = replies.unconfirmedReading(replyId, ref).orElseThrow(() -> new UnknownCaseException(
                ref + " has no reply " + replyId + " whose reading waits for a confirmation"));
        Answers earlier = questionnaire.rounds(ref).stream().reduce((a, b) -> b).map(AnswersRepository.Round::answers).orElse(null);
        QuestionnaireService.Outcome outcome = questionnaire.submit(ref, merge(earlier, read), "mail", agent);
        replies.confirmed(replyId, agent, clock.instant());
        cases.audit(ref, agent, "READING_CONFIRMED", "the reader's reading of reply " + replyId + " confirmed by " + agent);
        agents.readingConfirmed(replies.messageId(replyId));
        return outcome;
    }

    Optional<Match> match(IncomingReply reply) {
        for (String address : reply.recipients()) {
            Matcher m = REPLY_ADDRESS.matcher(address.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                Optional<CaseReference> ref = tokens.caseOfReplyToken(m.group(1));
                if (ref.isPresent()) {
                    return Optional.of(new Match(ref.get(), "token"));
                }
            }
        }
        for (String id : reply.references()) {
            Optional<CaseReference> ref = letters.caseOfMessageId(id);
            if (ref.isPresent()) {
                return Optional.of(new Match(ref.get(), "references"));
            }
        }
        Matcher tag = SUBJECT_TAG.matcher(reply.subject());
        if (tag.find()) {
            try {
                CaseReference ref = CaseReference.parse(tag.group(1));
                cases.get(ref);
                return Optional.of(new Match(ref, "subject"));
            } catch (UnknownCaseException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * A reply that answers only what the follow-up asked for keeps the answers given before: each
     * question takes the new answer if there is one, else the earlier one.
     */
    static Answers merge(Answers earlier, Answers now) {
        if (earlier == null) {
            return now;
        }
        boolean newThree = now.queueOutput() != null && !now.queueOutput().isBlank();
        return new Answers(blank(now.cause()) ? earlier.cause() : now.cause(),
                blank(now.prevention()) ? earlier.prevention() : now.prevention(),
                newThree ? now.queueEmptied() : Boolean.TRUE.equals(earlier.queueEmptied()),
                newThree ? now.queueOutput() : earlier.queueOutput());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * A text attachment that reads as a queue listing belongs to answer 3 ("siehe Anhang"): it is added to it,
     * and it makes question 3 answered (the judge then reads the listing).
     */
    static ReplyParser.ParsedReply withAttachedListings(ReplyParser.ParsedReply parsed, List<String> listings) {
        if (listings.isEmpty()) {
            return parsed;
        }
        Map<Integer, String> answers = new TreeMap<>(parsed.answers());
        String three = answers.get(3);
        answers.put(3, ((three == null ? "" : three + "\n\n") + String.join("\n\n", listings)).strip());
        return new ReplyParser.ParsedReply(parsed.ownText(), answers, parsed.readBy());
    }

    /**
     * Answers 1 and 2 as written; answer 3 counts as the confirmation only with positive evidence
     * ({@link QuestionThree}, the judge of every channel). The answer 3 text is kept as written, with a pasted
     * listing, so the review shows it.
     */
    static Answers toAnswers(ReplyParser.ParsedReply parsed) {
        String three = parsed.answers().get(3);
        // a listing's lines are short: the long lines of the reply (paragraphs, hostile input) are not read for one
        String shortLines = String.join("\n", parsed.ownText().lines().filter(l -> l.length() <= LISTING_LINE).toList());
        QueueOutput.Reading anywhere = QueueOutput.read(shortLines);
        if (three != null && anywhere.verdict() == QueueOutput.Verdict.LISTS_MESSAGES
                && QueueOutput.read(three).verdict() != QueueOutput.Verdict.LISTS_MESSAGES) {
            // every counter of every listing the customer pasted must be zero, wherever the reader placed its lines: a
            // listing that still shows mail anywhere in the reply belongs to answer 3 (and the review shows it)
            three = three + "\n\n" + listingLines(shortLines);
        }
        boolean confirmed = QuestionThree.ofText(three).confirmed();
        String two = parsed.answers().get(2);
        if (two != null && bare(two) && ContentJudgement.prevention(two).kind() == ContentJudgement.Kind.UNCLEAR) {
            // "2. Changed." or "2. Erledigt." in a mail says that something was done, not what: a careful agent asks again
            two = null;
        }
        return new Answers(ReplyLog.cut(parsed.answers().get(1), 10_000), ReplyLog.cut(two, 10_000),
                confirmed, ReplyLog.cut(three, 20_000));
    }

    /** The lines of the pasted listings in {@code text} (with their command lines), in their order. */
    static String listingLines(String text) {
        return String.join("\n", text.lines().filter(QueueOutput::isListingLine).toList());
    }

    /** An answer of at most {@value #BARE_WORDS} words. */
    static boolean bare(String answer) {
        String t = answer.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return t.isEmpty() || t.split(" ").length <= BARE_WORDS;
    }

    static final int BARE_WORDS = 2;

    /** The longest line read as part of a pasted listing anywhere in the reply. */
    static final int LISTING_LINE = 400;
}
