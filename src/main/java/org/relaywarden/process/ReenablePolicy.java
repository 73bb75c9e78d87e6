package org.relaywarden.process;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.variable.Variables;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.credentials.CredentialCheck;
import org.relaywarden.credentials.CredentialService;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The decision {@code reenable-policy} (in {@code bpmn/remediation-policy.dmn}): may a re-enable go ahead with the
 * password the account has? Its input {@code credentialChanged} is the case record's latest password check
 * ({@link CredentialService}), never a process or task variable. The table of the process's own deployment decides.
 */
@Component
class ReenablePolicy {

    static final String DECISION_ID = "reenable-policy";
    /** The review form's field that says what the policy makes of the password check. */
    static final String REVIEW_FIELD = "credentialPolicy";

    enum Verdict { ALLOW, WARN, REFUSE }

    private final DecisionService decisions;
    private final RepositoryService repository;
    private final CredentialService credentials;

    ReenablePolicy(DecisionService decisions, RepositoryService repository, CredentialService credentials) {
        this.decisions = decisions;
        this.repository = repository;
        this.credentials = credentials;
    }

    /** The table's verdict on a check. */
    Verdict decide(CredentialCheck check, String processDefinitionId) {
        String out = decisions.evaluateDecisionTableById(definition(processDefinitionId).getId(),
                        Variables.createVariables().putValue("credentialChanged", check.status().policyInput()))
                .getSingleResult().getSingleEntry();
        return Verdict.valueOf(out.toUpperCase(Locale.ROOT));
    }

    /** For the review form: the latest check (made just before) and what approving would lead to. */
    String explain(CaseReference ref, String processDefinitionId) {
        return credentials.latestCheck(ref).map(check -> switch (decide(check, processDefinitionId)) {
            case ALLOW -> "Approve re-enables as usual (" + check.status().policyInput() + ").";
            case WARN -> "Warning: " + check.summary() + ". Approve re-enables all the same; make sure the customer has a new password.";
            case REFUSE -> "Approve will be REFUSED by the policy while the password is unchanged: the case goes back to the"
                    + " customer with a letter asking for a new password (your comment goes into it). Checked again when you"
                    + " complete this task.";
        }).orElse("Approve re-enables as usual (no password check).");
    }

    private DecisionDefinition definition(String processDefinitionId) {
        String deployment = processDefinitionId == null ? null : repository.getProcessDefinition(processDefinitionId).getDeploymentId();
        DecisionDefinition d = deployment == null ? null : repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(DECISION_ID).deploymentId(deployment).singleResult();
        if (d == null) {
            // a process deployed before the table existed: the latest table
            d = repository.createDecisionDefinitionQuery().decisionDefinitionKey(DECISION_ID).latestVersion().singleResult();
        }
        if (d == null) {
            throw new IllegalStateException("no decision " + DECISION_ID + " is deployed (bpmn/remediation-policy.dmn)");
        }
        return d;
    }
}
