package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Exactly what was sent to the customer of a case. */
@RestController
class LetterController {

    private final LetterService letters;

    LetterController(LetterService letters) {
        this.letters = letters;
    }

    @GetMapping("/api/v1/cases/{caseId}/letters")
    List<LetterService.SentLetter> letters(@PathVariable("caseId") String caseId) {
        return letters.ofCase(CaseReference.parse(caseId));
    }
}
