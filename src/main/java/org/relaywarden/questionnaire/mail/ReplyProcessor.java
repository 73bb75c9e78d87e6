package org.relaywarden.questionnaire.mail;

import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.UnknownCaseException;
import org.relaywarden.notification.LetterService;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.AnswersRepository;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.relaywarden.questionnaire.QuestionnaireTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens to one reply from the abuse mailbox, in one transaction with its record: matched
 * to its case (reply-address token, then In-Reply-To/References, then a {@code [#RW-n]} tag in the
 * subject), split into numbered answers, merged with the answers of the round before and submitted
 * like answers from the page; an incomplete reply thereby triggers the follow-up letter. A reply that matches no case, has no numbered
 * answers or comes while the case is not waiting goes to an agent with its raw text. Auto-replies
 * and bounces are recorded and left alone. A Message-ID seen before is skipped.
 */
@Service
public class ReplyProcessor {

    private static final Logger log = LoggerFactory.getLogger(ReplyProcessor.class);
    private static final Pattern REPLY_ADDRESS = Pattern.compile("^[^+@\\s]+\\+([0-9a-f]{32})@.+$");
    private static final Pattern SUBJECT_TAG = Pattern.compile("\\[#(RW-[1-9][0-9]{0,17})]");
    private static final Pattern NEGATIVE = Pattern.compile(
            "\\b(nein|nicht|noch nicht|not|don't|haven't|hasn't|didn't|cannot|can't)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern OUTBOX = Pattern.compile("postausgang|outbox|gesendete|sent items|outlook|thunderbird",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern SERVER_QUEUE = Pattern.compile(
            "queue|warteschlange|postqueue|postsuper|mailq|exim|sendmail|postfix|spool", Pattern.CASE_INSENSITIVE);

    public enum Outcome { ANSWERS, TO_AGENT_UNMATCHED, TO_AGENT_UNPARSEABLE, TO_AGENT_NOT_WAITING, AUTOMATIC, DUPLICATE }

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
        ReplyParser.ParsedReply parsed = ReplyParser.parse(reply.text());
        Outcome outcome;
        if (!parsed.parseable()) {
            outcome = Outcome.TO_AGENT_UNPARSEABLE;
            agents.readReply(ref, reply, "no numbered answers found in the reply");
        } else if (c.stage() != CaseStage.AWAITING_ANSWERS) {
            outcome = Outcome.TO_AGENT_NOT_WAITING;
            agents.readReply(ref, reply, "reply came while the case is " + c.stage());
        } else {
            outcome = Outcome.ANSWERS;
        }
        replies.record(reply, ref, match.get().by(), outcome.name(), clock.instant());
        cases.audit(ref, CaseRecords.SYSTEM, "REPLY_RECEIVED", "by mail, matched by " + match.get().by() + ", answers "
                + parsed.answers().keySet() + (outcome == Outcome.ANSWERS ? "" : ", handed to an agent (" + outcome + ")"));
        if (outcome == Outcome.ANSWERS) {
            // a technical failure (e.g. the process is between two wait states) rolls all of this back:
            // the mail stays in the mailbox and is read again on the next round
            Answers earlier = questionnaire.rounds(ref).stream().reduce((a, b) -> b).map(AnswersRepository.Round::answers).orElse(null);
            questionnaire.submit(ref, merge(earlier, toAnswers(parsed)), "mail", "customer");
        }
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
     * Answers 1 and 2 as written; answer 3 counts as the confirmation only if it does not say no and
     * is not about a mail program's outbox alone. Answer 3 is also the pasted queue output, which
     * {@link Answers} judges as on every channel: a queue still holding mail leaves question 3 open.
     */
    static Answers toAnswers(ReplyParser.ParsedReply parsed) {
        String three = parsed.answers().get(3);
        boolean confirmed = three != null
                && !NEGATIVE.matcher(three).find()
                && !(OUTBOX.matcher(three).find() && !SERVER_QUEUE.matcher(three).find());
        return new Answers(ReplyLog.cut(parsed.answers().get(1), 10_000), ReplyLog.cut(parsed.answers().get(2), 10_000),
                confirmed, ReplyLog.cut(three, 20_000));
    }
}
