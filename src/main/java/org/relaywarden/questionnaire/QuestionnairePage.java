package org.relaywarden.questionnaire;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.credentials.CredentialService;
import org.relaywarden.credentials.CredentialStoreException;
import org.relaywarden.notification.LetterSettings;
import org.relaywarden.notification.LetterTemplates;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The customer's questionnaire page, {@code /q/<token>}: no login, the token opens exactly one
 * case. Three separate, required, numbered answers; everything is checked here on the server
 * (the browser's checks are a convenience). Pasted queue output that still lists messages is
 * pointed out before anything is submitted. A malformed, unknown or expired token, and a token of
 * a closed case, all get the same page.
 */
@Controller
@RequestMapping("/q/{token}")
class QuestionnairePage {

    /** Stages in which the page takes answers; later stages show the case's state only. */
    static final Set<CaseStage> ANSWERING = EnumSet.of(CaseStage.DETECTED, CaseStage.SUSPENDED, CaseStage.QUARANTINED,
            CaseStage.AWAITING_ANSWERS);

    private final QuestionnaireTokens tokens;
    private final QuestionnaireService questionnaire;
    private final CaseRecords cases;
    private final LetterTemplates letters;
    private final LetterSettings letterSettings;
    private final PageTexts texts;
    private final WrongTokenLimiter limiter;
    private final CredentialService credentials;

    QuestionnairePage(QuestionnaireTokens tokens, QuestionnaireService questionnaire, CaseRecords cases,
                      LetterTemplates letters, LetterSettings letterSettings, PageTexts texts, WrongTokenLimiter limiter,
                      CredentialService credentials) {
        this.limiter = limiter;
        this.credentials = credentials;
        this.tokens = tokens;
        this.questionnaire = questionnaire;
        this.cases = cases;
        this.letters = letters;
        this.letterSettings = letterSettings;
        this.texts = texts;
    }

    @GetMapping
    String show(@PathVariable("token") String token, Model model, HttpServletRequest request, HttpServletResponse response) {
        noLeaks(response);
        Optional<RemediationCase> c = openCase(token, request.getRemoteAddr());
        if (c.isEmpty()) {
            return invalid(model, response, request.getRemoteAddr());
        }
        common(model, c.get(), token);
        if (!ANSWERING.contains(c.get().stage())) {
            return status(model, c.get(), answered(c.get()) ? "status.thanks" : null);
        }
        model.addAttribute("form", new AnswerForm());
        return "questionnaire/page";
    }

    @PostMapping
    String submit(@PathVariable("token") String token, @ModelAttribute("form") AnswerForm form, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        noLeaks(response);
        Optional<RemediationCase> c = openCase(token, request.getRemoteAddr());
        if (c.isEmpty()) {
            return invalid(model, response, request.getRemoteAddr());
        }
        RemediationCase kase = c.get();
        String lang = common(model, kase, token);
        if (!ANSWERING.contains(kase.stage())) {
            response.setStatus(HttpStatus.CONFLICT.value());
            return status(model, kase, answered(kase) ? "status.already" : null);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<Integer> missing = new ArrayList<>();
        check(lang, 1, "cause", form.getCause(), AnswerForm.MAX_ANSWER, errors, missing);
        check(lang, 2, "prevention", form.getPrevention(), AnswerForm.MAX_ANSWER, errors, missing);
        if (!form.isQueueEmptied()) {
            errors.put("queueEmptied", texts.of(lang).get("error.q3"));
            missing.add(3);
        }
        if (form.getQueueOutput() != null && form.getQueueOutput().length() > AnswerForm.MAX_QUEUE_OUTPUT) {
            errors.put("queueOutput", texts.format(lang, "error.tooLong", Map.of("max", AnswerForm.MAX_QUEUE_OUTPUT)));
        } else {
            QueueOutput.Reading reading = form.toAnswers().queueReading();
            QuestionThree.Reading three = form.toAnswers().questionThree();
            if (reading.verdict() == QueueOutput.Verdict.LISTS_MESSAGES) {
                errors.put("queueOutput", texts.format(lang, "warn.queue", Map.of("n", reading.messages())));
                if (!missing.contains(3)) {
                    missing.add(3);
                }
            } else if (form.isQueueEmptied() && !three.confirmed()) {
                // the same judge as for mail replies: the words under question 3 speak against the ticked box
                errors.put("queueOutput", texts.format(lang, "warn.q3words", Map.of("words", three.words() == null ? "" : three.words())));
                missing.add(3);
            }
        }
        if (form.getPrevention() != null && !form.getPrevention().isBlank()
                && form.toAnswers().preventionJudgement().kind() == ContentJudgement.Kind.IRRELEVANT) {
            errors.put("prevention", texts.of(lang).get("warn.q2irrelevant"));
            missing.add(2);
            missing.sort(Integer::compare);
        }
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            if (!missing.isEmpty()) {
                model.addAttribute("summary", texts.format(lang, "error.summary",
                        Map.of("list", String.join(", ", missing.stream().map(String::valueOf).toList()))));
            }
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return "questionnaire/page";
        }
        try {
            questionnaire.submit(kase.reference(), form.toAnswers(), "page", "customer");
        } catch (CaseNotWaitingException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            return status(model, cases.get(kase.reference()), "status.notWaiting");
        }
        return "redirect:/q/" + token;
    }

    private void check(String lang, int n, String field, String value, int max, Map<String, String> errors,
                       List<Integer> missing) {
        if (value == null || value.isBlank()) {
            errors.put(field, texts.format(lang, "error.missing", Map.of("n", n)));
            missing.add(n);
        } else if (value.length() > max) {
            errors.put(field, texts.format(lang, "error.tooLong", Map.of("max", max)));
        }
    }

    private boolean answered(RemediationCase c) {
        return questionnaire.rounds(c.reference()).stream().anyMatch(AnswersRepository.Round::complete);
    }

    /**
     * The open case of a token. A valid token always works, also for a client that guessed before (many customers
     * may share one address behind NAT or a proxy); a wrong one is counted against the client (see {@link #invalid}).
     */
    private Optional<RemediationCase> openCase(String token, String client) {
        Optional<RemediationCase> c = tokens.resolve(token).map(cases::get).filter(RemediationCase::isOpen);
        if (c.isEmpty()) {
            limiter.failed(client);
        }
        return c;
    }

    private String common(Model model, RemediationCase c, String token) {
        String lang = LetterTemplates.LANGUAGES.contains(c.language()) ? c.language() : letterSettings.defaultLanguage();
        model.addAttribute("lang", lang);
        model.addAttribute("t", texts.of(lang));
        model.addAttribute("token", token);
        model.addAttribute("caseRef", c.reference().toString());
        model.addAttribute("intro", texts.format(lang, "intro", Map.of("account", c.account().login())));
        model.addAttribute("questions", letters.questions(lang));
        model.addAttribute("provider", letterSettings.providerName());
        model.addAttribute("errors", Map.of());
        return lang;
    }

    /**
     * After answering, the customer may have Relaywarden set a new random password for the account (when
     * {@code relaywarden.credentials.reset.customer} is on): it is shown on the answer to this request only
     * ({@code Cache-Control: no-store}), never mailed, never kept.
     */
    @PostMapping("/password")
    String resetPassword(@PathVariable("token") String token, Model model, HttpServletRequest request,
                         HttpServletResponse response) {
        noLeaks(response);
        Optional<RemediationCase> c = openCase(token, request.getRemoteAddr());
        if (c.isEmpty()) {
            return invalid(model, response, request.getRemoteAddr());
        }
        RemediationCase kase = c.get();
        String lang = common(model, kase, token);
        if (!answered(kase) || !credentials.resetOffered(CredentialService.Channel.CUSTOMER)) {
            response.setStatus(HttpStatus.CONFLICT.value());
            return status(model, kase, null);
        }
        char[] password;
        try {
            password = credentials.reset(kase.reference(), "customer", CredentialService.Channel.CUSTOMER);
        } catch (CredentialService.ResetRefusedException | CredentialStoreException e) {
            response.setStatus(e instanceof CredentialService.ResetRefusedException ? HttpStatus.CONFLICT.value()
                    : HttpStatus.BAD_GATEWAY.value());
            String page = status(model, kase, null);
            model.addAttribute("passwordError", texts.format(lang, "password.failed", Map.of("why", e.getMessage())));
            return page;
        }
        model.addAttribute("passwordIntro", texts.format(lang, "password.intro", Map.of("account", kase.account().login())));
        model.addAttribute("newPassword", new String(password));
        Arrays.fill(password, '\0');
        return "questionnaire/password";
    }

    private String status(Model model, RemediationCase c, String messageKey) {
        String lang = (String) model.getAttribute("lang");
        if (lang != null && answered(c) && credentials.resetOffered(CredentialService.Channel.CUSTOMER)) {
            model.addAttribute("passwordOffer", texts.format(lang, "password.offer", Map.of("account", c.account().login())));
        }
        model.addAttribute("statusMessage", messageKey);
        model.addAttribute("stageKey", "stage." + c.stage().name());
        return "questionnaire/status";
    }

    /** The "invalid link" page: 404, or 429 with Retry-After for a client over the wrong-token limit. */
    private String invalid(Model model, HttpServletResponse response, String client) {
        String lang = letterSettings.defaultLanguage();
        model.addAttribute("lang", lang);
        model.addAttribute("t", texts.of(lang));
        model.addAttribute("provider", letterSettings.providerName());
        if (!limiter.over(client)) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
        } else {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(limiter.window.toSeconds()));
        }
        return "questionnaire/invalid";
    }

    private static void noLeaks(HttpServletResponse response) {
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex");
    }
}
