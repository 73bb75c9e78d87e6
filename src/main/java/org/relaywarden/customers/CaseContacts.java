package org.relaywarden.customers;

import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a case's letters go to, resolved anew for every letter: the addresses the customer directory
 * has for the case's account (an account the directory does not know: its own mailbox, and the
 * audit trail says so) plus the addresses operators added to the case. Whoever raises an alert has
 * no say in it.
 */
@Service
public class CaseContacts {

    private static final Logger log = LoggerFactory.getLogger(CaseContacts.class);
    static final int MAX_ADDED = 5;

    private final CustomerDirectory directory;
    private final CaseContactRepository contacts;
    private final CaseRecords cases;
    private final Clock clock;

    CaseContacts(CustomerDirectory directory, CaseContactRepository contacts, CaseRecords cases, Clock clock) {
        this.directory = directory;
        this.contacts = contacts;
        this.cases = cases;
        this.clock = clock;
    }

    /**
     * The recipients of a case's letter and what the directory knows.
     *
     * @param customer   the directory's entry; for an unknown account (file, sql) the account's mailbox
     * @param inDirectory false when the directory did not know the account and the mailbox stood in
     * @param language   the directory's language, null when it names none (the case's language applies)
     */
    public record Recipients(String directory, boolean inDirectory, Customer customer, List<AddedContact> added,
                             List<ContactAddress> addresses) {
        public String language() {
            return customer.language();
        }
    }

    /** The recipients for a letter about to be rendered; an account missing from the directory is noted in the audit trail. */
    public Recipients forLetter(CaseReference ref) {
        RemediationCase c = cases.get(ref);
        Recipients r = resolve(c);
        if (!r.inDirectory()) {
            cases.audit(ref, CaseRecords.SYSTEM, "CUSTOMER_NOT_IN_DIRECTORY", "customer directory (" + r.directory()
                    + ") has no entry for " + c.account() + ": the letter goes to the account's own mailbox");
        }
        return r;
    }

    /** The recipients the case's next letter would have (no audit line). */
    @Transactional(readOnly = true)
    public Recipients current(CaseReference ref) {
        return resolve(cases.get(ref));
    }

    /**
     * An operator adds an address to an open case: letters from now on go to it too. Adding an
     * address the case has already changes nothing and answers false.
     */
    @Transactional
    public boolean add(CaseReference ref, String rawAddress, String reason, String operator) {
        ContactAddress address = ContactAddress.parse(rawAddress);
        RemediationCase c = cases.get(ref);
        if (!c.isOpen()) {
            throw new CaseNotWaitingException("case " + ref + " is closed: it sends no more letters");
        }
        if (contacts.ofCase(ref.id()).stream().anyMatch(a -> a.address().equals(address))) {
            return false;
        }
        if (contacts.count(ref.id()) >= MAX_ADDED) {
            throw new CaseNotWaitingException("case " + ref + " has " + MAX_ADDED + " added addresses already");
        }
        try {
            contacts.insert(ref.id(), new AddedContact(address, reason.strip(), operator, clock.instant()));
        } catch (DuplicateKeyException raced) {
            return false;
        }
        cases.audit(ref, operator, "CONTACT_ADDED", address + ": " + reason.strip());
        log.info("{} added {} to the recipients of case {}", operator, address, ref);
        return true;
    }

    private Recipients resolve(RemediationCase c) {
        Optional<Customer> found = directory.find(c.account());
        Customer customer = found.orElseGet(() -> new Customer(null, null, List.of(ContactAddress.of(c.account()))));
        List<AddedContact> added = contacts.ofCase(c.reference().id());
        List<ContactAddress> all = new ArrayList<>(customer.addresses());
        added.forEach(a -> {
            if (!all.contains(a.address())) {
                all.add(a.address());
            }
        });
        return new Recipients(directory.describe(), found.isPresent(), customer, added, List.copyOf(all));
    }
}
