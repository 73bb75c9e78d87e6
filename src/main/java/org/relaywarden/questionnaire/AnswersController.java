package org.relaywarden.questionnaire;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import jakarta.validation.Valid;
import org.relaywarden.cases.CaseReference;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The customer's answers, entered by an agent (e.g. from a reply by mail). Answers to all three
 * questions move the case to review; otherwise the follow-up letter names what is missing.
 */
@RestController
@RequestMapping("/api/v1/cases/{caseId}/answers")
class AnswersController {

    private final QuestionnaireService questionnaire;

    AnswersController(QuestionnaireService questionnaire) {
        this.questionnaire = questionnaire;
    }

    @PostMapping
    @Operation(summary = "Enter the customer's answers to the three numbered questions",
            description = "Complete answers move the case to review; otherwise a follow-up letter names the missing questions. A pasted queueOutput that still lists messages leaves question 3 unanswered, as on the questionnaire page and in mail replies (queueOutputMessages in the reply says how many). 409 if the case is not waiting for answers.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "complete", value = """
                    {"cause": "a user's password was guessed", "prevention": "strong passwords, fail2ban on SASL",
                     "queueEmptied": true, "queueOutput": "Mail queue is empty"}"""))))
    QuestionnaireService.Outcome submit(@PathVariable("caseId") String caseId, @Valid @RequestBody Answers answers,
                                        Authentication who) {
        return questionnaire.submit(CaseReference.parse(caseId), answers, "agent", who.getName());
    }

    @GetMapping
    List<AnswersRepository.Round> rounds(@PathVariable("caseId") String caseId) {
        return questionnaire.rounds(CaseReference.parse(caseId));
    }
}
