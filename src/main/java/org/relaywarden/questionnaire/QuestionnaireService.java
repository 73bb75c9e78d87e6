package org.relaywarden.questionnaire;

import org.relaywarden.cases.CaseAnswers;
import org.relaywarden.cases.CaseComplaints;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.Evidence;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a customer's answers, judges whether all three questions are answered, records them as a
 * round of the case and tells the process ({@code relaywarden.AnswersReceived}). Recording and
 * correlating share one transaction: answers for a case that is not waiting are not kept.
 */
@Service
public class QuestionnaireService implements CaseAnswers {

    private final AnswersRepository answers;
    private final CaseRecords cases;
    private final RemediationProcess process;
    private final Clock clock;
    private final RelaywardenMetrics metrics;
    private final QueueClaimCheck claims;
    private final CaseComplaints complaints;

    QuestionnaireService(AnswersRepository answers, CaseRecords cases, RemediationProcess process, Clock clock,
                         RelaywardenMetrics metrics, QueueClaimCheck claims, CaseComplaints complaints) {
        this.complaints = complaints;
        this.claims = claims;
        this.metrics = metrics;
        this.answers = answers;
        this.cases = cases;
        this.process = process;
        this.clock = clock;
    }

    /** {@code queueOutputMessages}: how many messages the pasted queue output still lists (0: none, or not a listing). */
    public record Outcome(int round, boolean complete, String missingQuestions, int queueOutputMessages) {
    }

    @Transactional
    public Outcome submit(CaseReference ref, Answers a, String channel, String actor) {
        cases.get(ref);
        int round = answers.nextRound(ref);
        answers.insert(ref, round, a, channel, clock.instant());
        QueueOutput.Reading queue = a.queueReading();
        cases.audit(ref, actor, "ANSWERS_RECEIVED", "round " + round + " via " + channel
                + (a.complete() ? ", complete" : ", missing " + a.missingQuestions())
                + (a.queueStillListsMessages() ? "; the pasted queue output still lists " + queue.messages() + " messages" : "")
                + "; 1: " + a.causeJudgement().summary() + "; 2: " + a.preventionJudgement().summary()
                + "; 3: " + a.questionThree().summary());
        process.answersReceived(ref, a.complete(), a.missingQuestions());
        metrics.answers(round, a.complete());
        return new Outcome(round, a.complete(), a.missingQuestions(), a.queueStillListsMessages() ? queue.messages() : 0);
    }

    /** The latest answers with their judgements, for the case view. */
    @Override
    @Transactional(readOnly = true)
    public Optional<CaseAnswers.Latest> latest(CaseReference ref) {
        return answers.latest(ref).map(r -> new CaseAnswers.Latest(r.round(), r.channel(), r.receivedAt(), r.complete(),
                r.missing(), new CaseAnswers.Judged(r.answers().cause(), r.answers().causeJudgement().summary()),
                new CaseAnswers.Judged(r.answers().prevention(), r.answers().preventionJudgement().summary()),
                new CaseAnswers.Judged(r.answers().queueOutput(), r.answers().questionThree().summary())));
    }

    @Transactional(readOnly = true)
    public List<AnswersRepository.Round> rounds(CaseReference ref) {
        return answers.ofCase(ref);
    }

    /**
     * What the review task shows an agent: the latest answers, the evidence, earlier attempts and the
     * refused retries since the suspension and since the claim.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> reviewContext(CaseReference ref) {
        RemediationCase c = cases.get(ref);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("caseRef", ref.toString());
        v.put("accountLogin", c.account().login());
        answers.latest(ref).ifPresent(r -> {
            v.put("answerRound", r.round());
            v.put("answerCause", nz(r.answers().cause()));
            v.put("answerPrevention", nz(r.answers().prevention()));
            v.put("answerQueueEmptied", r.answers().questionThree().summary());
            v.put("answerQueueOutput", nz(r.answers().queueOutput()));
            // the content judgement with its reason: shown to the reviewer, who decides
            v.put("answerCauseJudgement", r.answers().causeJudgement().summary());
            v.put("answerPreventionJudgement", r.answers().preventionJudgement().summary());
        });
        Evidence e = cases.evidence(ref).orElse(null);
        v.put("evidenceSummary", e == null ? "no evidence gathered" : evidenceSummary(e));
        v.put("evidenceLog", e == null ? "" : formLog(e.sampleLog()));
        v.put("complaintsSummary", complaints.of(ref).map(CaseComplaints.Summary::text).orElse("no feedback-loop complaints"));
        v.put("failedAttemptsSoFar", c.failedAttempts());
        v.putAll(claims.reviewFigures(ref));
        return v;
    }

    /** A task form's string field holds at most 4,000 characters (Camunda's variable column). */
    static final int FORM_TEXT_MAX = 4000;

    /**
     * The evidence's log lines for the review form: whole lines as long as they fit in a form field,
     * then a line that says how many more the case view has (the case record keeps them all).
     */
    static String formLog(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String more = "\n… " + (lines.size() - i) + " more in the case view (GET /api/v1/cases/{id})";
            if (sb.length() + line.length() + 1 + more.length() > FORM_TEXT_MAX) {
                return sb.length() == 0 ? more.substring(1) : sb.append(more).toString();
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(line);
        }
        return sb.toString();
    }

    /** The evidence's counts in one line: what the policy service counted, then what the quarantine holds. */
    static String evidenceSummary(Evidence e) {
        return "in the 24 hours before: " + count(e.submissionsLast24h(), "message", "messages") + " to "
                + count(e.recipientsLast24h(), "recipient", "recipients") + " from "
                + count(e.distinctClientsLast24h(), "client address", "client addresses")
                + (e.refusedLast24h() == null ? "" : "; " + count(e.refusedLast24h(), "attempt", "attempts") + " refused while suspended")
                + "; " + e.acceptedBeforeStop() + " accepted before the suspension; "
                + count(e.messageCount(), "message", "messages") + " quarantined (to "
                + count(e.recipientCount(), "recipient", "recipients") + "); top domains: " + String.join(", ", e.topDomains());
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
