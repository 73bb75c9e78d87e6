package org.relaywarden.questionnaire;

import org.relaywarden.cases.CaseReference;
import org.relaywarden.notification.LetterSettings;
import org.relaywarden.notification.LetterTemplates;
import org.relaywarden.notification.QuestionnaireAccess;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The questionnaire's side of {@link QuestionnaireAccess}: links, reply tokens and the answers so far. */
@Component
class QuestionnaireLinks implements QuestionnaireAccess {

    private final QuestionnaireTokens tokens;
    private final AnswersRepository answers;
    private final LetterSettings letters;
    private final QuestionnaireSettings settings;
    private final Clock clock;
    private final QueueClaimCheck claims;

    QuestionnaireLinks(QuestionnaireTokens tokens, AnswersRepository answers, LetterSettings letters,
                       QuestionnaireSettings settings, Clock clock, QueueClaimCheck claims) {
        this.claims = claims;
        this.tokens = tokens;
        this.answers = answers;
        this.letters = letters;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Optional<Link> link(CaseReference ref) {
        String base = letters.questionnaireUrl().strip();
        if (base.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Link((base.endsWith("/") ? base : base + "/") + TOKEN_PLACEHOLDER,
                clock.instant().plus(settings.tokenValidity())));
    }

    @Override
    public String issueToken(CaseReference ref) {
        return tokens.issue(ref).token();
    }

    @Override
    public String replyToken(CaseReference ref) {
        return tokens.replyToken(ref);
    }

    @Override
    public Map<Integer, String> understoodAnswers(CaseReference ref) {
        Map<Integer, String> out = new LinkedHashMap<>();
        answers.latest(ref).ifPresent(r -> {
            put(out, 1, r.answers().cause());
            put(out, 2, r.answers().prevention());
            if (r.answers().questionThree().confirmed()) {
                put(out, 3, r.answers().queueOutput() == null || r.answers().queueOutput().isBlank()
                        ? "(confirmed)" : r.answers().queueOutput());
            }
        });
        return out;
    }

    @Override
    public Explanations explanations(CaseReference ref) {
        return answers.latest(ref).map(r -> {
            ContentJudgement.Judgement two = r.answers().preventionJudgement();
            QuestionThree.Reading three = r.answers().questionThree();
            return new Explanations(two.kind() == ContentJudgement.Kind.IRRELEVANT ? quoted(r.answers().prevention()) : null,
                    three.confirmed() || three.reason() == QuestionThree.Reason.NO_ANSWER ? null : three.reason().name(),
                    three.reason() == QuestionThree.Reason.LISTING_SHOWS_MAIL ? String.valueOf(r.answers().queueReading().messages())
                            : three.words() == null ? null : quoted(three.words()));
        }).orElse(Explanations.NONE);
    }

    /** Text quoted back to the customer stays on one line and short. */
    private static String quoted(String s) {
        String one = LetterTemplates.oneLine(s);
        return one.length() <= 120 ? one : one.substring(0, 117) + "...";
    }

    @Override
    public Optional<QueueClaimFigures> queueClaimFigures(CaseReference ref) {
        return claims.latest(ref).map(r -> new QueueClaimFigures(r.attempts(), r.distinctMessages(), r.claimedAt(),
                r.lastAttempt()));
    }

    private static void put(Map<Integer, String> out, int n, String s) {
        if (s != null && !s.isBlank()) {
            out.put(n, s.strip());
        }
    }
}
