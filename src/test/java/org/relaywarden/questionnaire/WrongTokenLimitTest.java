package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing questionnaire tokens does not pay: wrong tokens look exactly like expired ones, and
 * after 20 wrong tries a client's further wrong tokens get the same page with 429 and Retry-After,
 * until the window passes. The right token keeps working from the same address (issue 16.9: before,
 * 21 wrong tokens made the valid link show "invalid" for 10 minutes to everyone behind that address).
 */
@RelaywardenSpringBootTest
class WrongTokenLimitTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    QuestionnaireTokens tokens;
    @Autowired
    CaseRecords cases;
    @Autowired
    AnswersRepository answers;

    @Test
    void guessingIsSlowedAndLooksLikeAnExpiredLinkWhileTheRightTokenWorks() {
        CaseReference ref = cases.open(new NewCase(Account.parse("guess@limit.example"), "test", "limit", false, null,
                "guess@limit.example", "en"), "test");
        String right = tokens.issue(ref).token();
        ResponseEntity<String> first = rest.getForEntity("/q/" + right, String.class);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> wrong = null;
        String wrongToken = null;
        for (int i = 0; i < 20; i++) {
            byte[] guess = new byte[32];
            new SecureRandom().nextBytes(guess);
            wrongToken = Base64.getUrlEncoder().withoutPadding().encodeToString(guess); // well-formed, unknown
            wrong = rest.getForEntity("/q/" + wrongToken, String.class);
            assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        String tooMany = "A".repeat(43);
        ResponseEntity<String> limited = rest.getForEntity("/q/" + tooMany, String.class);
        assertThat(limited.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.getHeaders().getFirst("Retry-After")).isEqualTo("600");
        assertThat(strip(limited.getBody(), tooMany)).isEqualTo(strip(wrong.getBody(), wrongToken));
        // the customer behind the same address (NAT, a proxy) still gets his page
        ResponseEntity<String> customer = rest.getForEntity("/q/" + right, String.class);
        assertThat(customer.getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** Issue 16.11: the page's session cookie (it holds the CSRF token) had no SameSite attribute. */
    @Test
    void thePagesSessionCookieIsSameSite() {
        CaseReference ref = cases.open(new NewCase(Account.parse("cookie@limit.example"), "test", "limit", false, null,
                "cookie@limit.example", "en"), "test");
        ResponseEntity<String> page = rest.getForEntity("/q/" + tokens.issue(ref).token(), String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> cookies = page.getHeaders().getOrDefault("Set-Cookie", List.of());
        assertThat(cookies).anyMatch(c -> c.startsWith("JSESSIONID="));
        assertThat(cookies).allSatisfy(c -> assertThat(c).containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly"));
    }

    /** Issue 27.5: a bad {@code _csrf} on the page's form answered 500; every one is a 4xx now, nothing saved. */
    @Test
    void aBadCsrfTokenOnThePageIsA4xx() {
        CaseReference ref = cases.open(new NewCase(Account.parse("csrf@limit.example"), "test", "limit", false, null,
                "csrf@limit.example", "en"), "test");
        String token = tokens.issue(ref).token();
        ResponseEntity<String> page = rest.getForEntity("/q/" + token, String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        h.put("Cookie", page.getHeaders().getOrDefault("Set-Cookie", List.of()).stream()
                .map(c -> c.split(";", 2)[0]).toList());
        for (String csrf : new String[]{"wrong", "", "%00", "%ZZ", "%E0%A4%A", "a&_csrf=b", "x".repeat(5000)}) {
            String body = "_csrf=" + csrf + "&cause=a&prevention=b&queueEmptied=true";
            ResponseEntity<String> answer = rest.exchange("/q/" + token, HttpMethod.POST, new HttpEntity<>(body, h), String.class);
            assertThat(answer.getStatusCode().value()).as("_csrf=" + csrf.substring(0, Math.min(10, csrf.length())) + ": "
                    + answer.getBody()).isBetween(400, 499);
        }
        assertThat(answers.ofCase(ref)).as("nothing saved").isEmpty();
    }

    /** The pages differ only where they echo the path, if they do at all, and in their CSRF token and CSP nonce. */
    private static String strip(String body, String token) {
        return body == null ? "" : body.replace(token, "TOKEN").replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "")
                .replaceAll(" nonce=\"[^\"]*\"", "");
    }
}
