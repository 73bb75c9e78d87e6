package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.exim.support.DocumentedEximAcl.PolicyClient;

/**
 * {@link PolicyAclOnEximTest} with the main section of {@code docs/exim.md} for an Exim without Perl: the same ACL
 * blocks, asking over {@code ${readsocket}} (one connection per question).
 */
class PolicyAclOverReadsocketOnEximTest extends PolicyAclOnEximTest {

    @Override
    PolicyClient client() {
        return PolicyClient.READSOCKET;
    }
}
