package org.relaywarden.web;

import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.UnknownCaseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.stream.Collectors;

/** Clear 4xx answers for bad input (RFC 9457 problem details); never a 500 for something the caller got wrong. */
@RestControllerAdvice(basePackages = "org.relaywarden")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    @ExceptionHandler(InvalidAccountException.class)
    ProblemDetail invalidAccount(InvalidAccountException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid account", e.getMessage());
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, e.title(), e.getMessage());
    }

    @ExceptionHandler(UnknownCaseException.class)
    ProblemDetail unknownCase(UnknownCaseException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown case", e.getMessage());
    }

    @ExceptionHandler(CaseNotWaitingException.class)
    ProblemDetail notWaiting(CaseNotWaitingException e) {
        return problem(HttpStatus.CONFLICT, "case not in that stage", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + ": " + f.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, "invalid request", fields);
    }

    /** Two requests changed the same thing at once (e.g. two answer submissions): the loser is told to retry. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail conflict(DataIntegrityViolationException e) {
        return problem(HttpStatus.CONFLICT, "concurrent change", "another request changed this case at the same time; try again");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return problem(HttpStatus.BAD_REQUEST, "malformed request body",
                "the body is not the JSON this endpoint expects (check syntax and field types)");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid parameter", "parameter '" + e.getName() + "' has the wrong type");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return p;
    }
}
