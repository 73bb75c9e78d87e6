package org.relaywarden.alerts;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.NewCase;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.customers.CustomerDirectory;
import org.relaywarden.customers.CustomerDirectoryException;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.relaywarden.notification.LetterSettings;
import org.relaywarden.web.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

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
    private final AlertReceipts receipts;
    private final Clock clock;
    private final RelaywardenMetrics metrics;
    private final BlastRadiusGuard blastRadius;
    private final CustomerDirectory directory;

    /** Folded alerts recorded per case at most (with their audit entries); further ones are only counted. */
    private final int maxAlertsPerCase;

    AlertService(CaseRecords cases, RemediationProcess process, PlatformTransactionManager tm, LetterSettings letters,
                 AlertReceipts receipts, Clock clock, RelaywardenMetrics metrics, BlastRadiusGuard blastRadius,
                 CustomerDirectory directory,
                 @org.springframework.beans.factory.annotation.Value("${relaywarden.alerts.max-alerts-per-case:100}")
                 int maxAlertsPerCase) {
        this.maxAlertsPerCase = maxAlertsPerCase;
        this.blastRadius = blastRadius;
        this.directory = directory;
        this.metrics = metrics;
        this.cases = cases;
        this.process = process;
        this.tx = new TransactionTemplate(tm);
        this.letters = letters;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** What became of an alert: a new case, folded into the open case, or already taken earlier. */
    public enum Status { OPENED, FOLDED, DUPLICATE }

    public record Result(CaseReference ref, Status status) {
        public boolean opened() {
            return status == Status.OPENED;
        }
    }

    public Result raise(AlertRequest alert, String actor) {
        return raise(alert, actor, null);
    }

    /**
     * Opens or folds, at most once per {@code dedupKey} (null: no deduplication). A duplicate
     * changes nothing and answers with the case the key led to, if any.
     */
    public Result raise(AlertRequest alert, String actor, String dedupKey) {
        return raise(alert, actor, dedupKey, ref -> { });
    }

    /**
     * As {@link #raise(AlertRequest, String, String)}; {@code withCase} runs in the transaction that opens the case
     * (before its process starts, so the process's first step sees what it wrote) or folds the alert into the open
     * one: it keeps facts that came with the alert on the case record (the policy core's risk verdict). Not run for
     * a duplicate.
     */
    public Result raise(AlertRequest alert, String actor, String dedupKey, Consumer<CaseReference> withCase) {
        Result result = raiseOnce(alert, actor, dedupKey, withCase);
        metrics.alert(alert.source(), result.status().name().toLowerCase(Locale.ROOT));
        return result;
    }

    private Result raiseOnce(AlertRequest alert, String actor, String dedupKey, Consumer<CaseReference> withCase) {
        Account account = Account.parse(alert.account());
        boolean originator = Boolean.TRUE.equals(alert.originator());
        if (alert.contact() != null) {
            throw new BadRequestException("invalid request", "contact: " + AlertRequest.CONTACT_REFUSED);
        }
        // the case's contact column keeps the account's own mailbox; letters go where the customer directory says
        String contact = account.login();
        String language = alert.language() == null ? letters.defaultLanguage() : alert.language();
        NewCase newCase = new NewCase(account, alert.source(), alert.reason(), originator, alert.evidenceRef(), contact, language);
        String unknownCustomer = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (dedupKey != null && Boolean.TRUE.equals(tx.execute(s -> receipts.exists(dedupKey)))) {
                return duplicate(dedupKey);
            }
            if (attempt == 1) {
                unknownCustomer = unknownCustomer(account);
            }
            String unknown = unknownCustomer;
            String[] held = new String[1];
            try {
                CaseReference ref = tx.execute(s -> {
                    // decided once, with the case: the process reads it from the case record (Gateway_NeedsConfirmation)
                    held[0] = blastRadius.hold(alert.source());
                    CaseReference r = cases.open(newCase, actor, held[0]);
                    if (unknown != null) {
                        cases.audit(r, CaseRecords.SYSTEM, "CUSTOMER_UNKNOWN", unknown);
                    }
                    if (dedupKey != null) {
                        receipts.insert(dedupKey, alert.source(), r.id(), clock.instant());
                    }
                    withCase.accept(r);
                    process.start(r, account, originator);
                    return r;
                });
                if (held[0] != null) {
                    metrics.alert(alert.source(), "held-for-confirmation");
                    log.warn("alert from {} opened case {} for {}: NOT suspended, an operator must confirm ({})",
                            alert.source(), ref, account, held[0]);
                } else {
                    log.info("alert from {} opened case {} for {}", alert.source(), ref, account);
                }
                if (unknown != null) {
                    log.warn("case {}: {}", ref, unknown);
                }
                return new Result(ref, Status.OPENED);
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException | QueryTimeoutException conflict) {
                // QueryTimeoutException: H2's lock timeout (50200) while the insert waited for a concurrent opener of the same
                // account whose transaction (case and process start) was not yet committed; 500 under load before (issue 33)
                if (dedupKey != null && Boolean.TRUE.equals(tx.execute(s -> receipts.exists(dedupKey)))) {
                    return duplicate(dedupKey);
                }
                Optional<CaseReference> folded;
                try {
                    folded = tx.execute(s -> {
                        Optional<RemediationCase> open = cases.findOpen(account);
                        open.ifPresent(c -> {
                            if (dedupKey != null) {
                                receipts.insert(dedupKey, alert.source(), c.reference().id(), clock.instant());
                            }
                            // one credential must not grow a case without bound: beyond the cap only an
                            // originator flag (which changes the case) is still recorded
                            if (originator || cases.alertCount(c.reference()) < maxAlertsPerCase) {
                                cases.foldAlert(c.reference(), alert.source(), alert.reason(), originator,
                                        alert.evidenceRef(), actor);
                            }
                            withCase.accept(c.reference());
                        });
                        return open.map(RemediationCase::reference);
                    });
                } catch (DataIntegrityViolationException | PessimisticLockingFailureException | QueryTimeoutException raced) {
                    folded = Optional.empty(); // the receipt was taken meanwhile, or a lock timed out: look again
                }
                if (folded.isPresent()) {
                    log.info("alert from {} folded into open case {} for {}", alert.source(), folded.get(), account);
                    return new Result(folded.get(), Status.FOLDED);
                }
                // the open case was closed (or not yet committed) in between: try again
                sleepBriefly(attempt);
            }
        }
        throw new IllegalStateException("could not open or find a case for " + account + " after " + ATTEMPTS + " attempts");
    }

    /**
     * A resolved alert starts nothing: it is recorded on the account's open case, once per key.
     * Returns the open case, if there is one.
     */
    public Optional<CaseReference> resolved(Account account, String source, String reason, String dedupKey, String actor) {
        try {
            return tx.execute(s -> {
                if (receipts.exists(dedupKey)) {
                    return Optional.<CaseReference>empty();
                }
                Optional<RemediationCase> open = cases.findOpen(account);
                receipts.insert(dedupKey, source, open.map(c -> c.reference().id()).orElse(null), clock.instant());
                open.ifPresent(c -> cases.audit(c.reference(), actor, "ALERT_RESOLVED", "source=" + source + ", " + reason));
                metrics.alert(source, "resolved");
                return open.map(RemediationCase::reference);
            });
        } catch (DataIntegrityViolationException raced) {
            return Optional.empty();
        }
    }

    /**
     * Why the account is flagged (null: the customer directory knows it). An unknown account still gets its
     * case and suspension: a flag for the operator, not a refusal, as a directory that lags behind the mail
     * server must not let a cracked account's spam through. The mailbox directory knows every login.
     */
    private String unknownCustomer(Account account) {
        try {
            return directory.find(account).isPresent() ? null
                    : "account unknown to the customer directory (" + directory.describe() + ")";
        } catch (CustomerDirectoryException | DataAccessException e) {
            return "the customer directory (" + directory.describe() + ") could not be asked: " + e.getMessage();
        }
    }

    private Result duplicate(String dedupKey) {
        return new Result(tx.execute(s -> receipts.caseOf(dedupKey)).map(CaseReference::new).orElse(null), Status.DUPLICATE);
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
