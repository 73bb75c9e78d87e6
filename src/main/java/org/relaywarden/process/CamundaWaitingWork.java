package org.relaywarden.process;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.relaywarden.dashboard.WaitingWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link WaitingWork} from the engine: the remediation's open user tasks and its running instances by business key. */
@Component
class CamundaWaitingWork implements WaitingWork {

    private final RuntimeService runtime;
    private final TaskService tasks;

    CamundaWaitingWork(RuntimeService runtime, TaskService tasks) {
        this.runtime = runtime;
        this.tasks = tasks;
    }

    @Override
    public List<PersonTask> openPersonTasks() {
        Map<String, String> caseByInstance = new HashMap<>();
        runningInstances().forEach((ref, instance) -> caseByInstance.put(instance, ref));
        List<PersonTask> open = new ArrayList<>();
        for (Task task : tasks.createTaskQuery().processDefinitionKey(RelayRemediation.PROCESS_ID).list()) {
            String ref = caseByInstance.get(task.getProcessInstanceId());
            if (ref != null) {
                open.add(new PersonTask(ref, task.getName(), task.getCreateTime().toInstant()));
            }
        }
        return open;
    }

    @Override
    public Map<String, String> runningInstances() {
        Map<String, String> byCase = new HashMap<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery().processDefinitionKey(RelayRemediation.PROCESS_ID)
                .list()) {
            if (instance.getBusinessKey() != null) {
                byCase.put(instance.getBusinessKey(), instance.getId());
            }
        }
        return byCase;
    }
}
