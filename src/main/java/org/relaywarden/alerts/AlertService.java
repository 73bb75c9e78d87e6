package org.relaywarden.alerts;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.NewCase;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.notification.LetterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * Turns an alert into a case: a new case and a started process if the account has no open case,
 * else the alert is folded into the open one. The database's unique constraint on the open
 * account decides between concurrent alerts; the loser folds.
 */
@Service
public class AlertService {

    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    private static final int ATTEMPTS = 20;

    private final CaseRecords cases;
    private final RemediationProcess process;
    private final TransactionTemplate tx;
    private final LetterSettings letters;

    AlertService(CaseRecords cases, RemediationProcess process, PlatformTransactionManager tm, LetterSettings letters) {
        this.cases = cases;
        this.process = process;
        this.tx = new TransactionTemplate(tm);
        this.letters = letters;
    }

    public record Result(CaseReference ref, boolean opened) {
    }

    public Result raise(AlertRequest alert, String actor) {
        Account account = Account.parse(alert.account());
        boolean originator = Boolean.TRUE.equals(alert.originator());
        String contact = alert.contact() == null || alert.contact().isBlank() ? account.login()
                : Account.parse(alert.contact()).login();
        String language = alert.language() == null ? letters.defaultLanguage() : alert.language();
        NewCase newCase = new NewCase(account, alert.source(), alert.reason(), originator, alert.evidenceRef(), contact, language);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                CaseReference ref = tx.execute(s -> {
                    CaseReference r = cases.open(newCase, actor);
                    process.start(r, account, originator);
                    return r;
                });
                log.info("alert from {} opened case {} for {}", alert.source(), ref, account);
                return new Result(ref, true);
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException conflict) {
                Optional<CaseReference> folded = tx.execute(s -> {
                    Optional<RemediationCase> open = cases.findOpen(account);
                    open.ifPresent(c -> cases.foldAlert(c.reference(), alert.source(), alert.reason(), originator,
                            alert.evidenceRef(), actor));
                    return open.map(RemediationCase::reference);
                });
                if (folded.isPresent()) {
                    log.info("alert from {} folded into open case {} for {}", alert.source(), folded.get(), account);
                    return new Result(folded.get(), false);
                }
                // the open case was closed (or not yet committed) in between: try again
                sleepBriefly(attempt);
            }
        }
        throw new IllegalStateException("could not open or find a case for " + account + " after " + ATTEMPTS + " attempts");
    }

    private static void sleepBriefly(int attempt) {
        try {
            Thread.sleep(Math.min(200, 5L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
