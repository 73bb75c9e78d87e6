package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Adds the guards that hold whatever the BPMN says, in code rather than in {@code bpmn/relay-remediation.bpmn}:
 * {@link OneProcessPerCase} at the start of every {@code relay-remediation} instance, and {@link UserTaskGuard}
 * on every user task (no machine account as assignee, owner or candidate).
 */
class CaseGuardsParseListener extends AbstractBpmnParseListener {

    private final ExecutionListener oneProcessPerCase;
    private final TaskListener userTaskGuard;

    CaseGuardsParseListener(ExecutionListener oneProcessPerCase, TaskListener userTaskGuard) {
        this.oneProcessPerCase = oneProcessPerCase;
        this.userTaskGuard = userTaskGuard;
    }

    @Override
    public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        if (RelayRemediation.PROCESS_ID.equals(processDefinition.getKey())) {
            processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, oneProcessPerCase);
        }
    }

    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
            for (String event : UserTaskGuard.EVENTS) {
                userTask.getTaskDefinition().addBuiltInTaskListener(event, userTaskGuard);
            }
        }
    }
}
