package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.enforcement.policy.DurableAnswers;

import java.util.List;

/**
 * Renders the {@code check_sasl_access} map: {@code login action} per suspended or held account,
 * the action being the policy core's own answer ({@link DurableAnswers}). It is the durable layer:
 * it keeps those accounts blocked while Relaywarden is down. Keys are account values only, and
 * actions printable ASCII, so nothing in the file can be a second entry. Postfix folds case in
 * {@code hash:} lookups; the core gives one answer per case-folded login.
 */
public final class AccessMap {

    private AccessMap() {
    }

    public static String render(List<DurableAnswer> answers) {
        StringBuilder sb = new StringBuilder("# written by Relaywarden; every change here is overwritten\n");
        for (DurableAnswer a : answers) {
            sb.append(a.account().login()).append(' ').append(a.action()).append('\n');
        }
        return sb.toString();
    }
}
