package org.relaywarden.questionnaire.mail;

import io.swagger.v3.oas.annotations.Operation;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The agent's one click on a reply the reader was unsure of: "the reading is right" (issue #34). */
@RestController
@RequestMapping("/api/v1/cases/{caseId}/replies/{replyId}/confirm-reading")
class ReplyReadingController {

    private final ReplyProcessor replies;

    ReplyReadingController(ReplyProcessor replies) {
        this.replies = replies;
    }

    @PostMapping
    @Operation(summary = "Confirm the reader's pre-filled reading of a customer's reply",
            description = "Submits the reading stored with the reply (the task 'Read customer reply' shows it) as the customer's "
                    + "answers, merged with the round before, and completes the task. To correct it instead, enter the answers "
                    + "with POST /api/v1/cases/{id}/answers. 404 if the case has no such reply waiting for a confirmation, "
                    + "409 if the case no longer waits for answers.")
    QuestionnaireService.Outcome confirm(@PathVariable("caseId") String caseId, @PathVariable("replyId") long replyId, Authentication who) {
        return replies.confirmReading(CaseReference.parse(caseId), replyId, who.getName());
    }
}
