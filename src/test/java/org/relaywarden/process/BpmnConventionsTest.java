package org.relaywarden.process;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The house rules of our BPMN, checked on {@code bpmn/relay-remediation.bpmn}. */
class BpmnConventionsTest {

    static final BpmnModelInstance MODEL = Bpmn.readModelFromFile(new File("bpmn/relay-remediation.bpmn"));
    static final Pattern ID = Pattern.compile("(StartEvent|Task|Gateway|Event|Timer|End|SubProcess|Flow)_[A-Z][A-Za-z_]+");

    @Test
    void fileIsNamedAfterItsOnlyExecutableProcess() {
        List<Process> processes = new ArrayList<>(MODEL.getModelElementsByType(Process.class));
        assertThat(processes).hasSize(1);
        assertThat(processes.get(0).getId()).isEqualTo(RelayRemediation.PROCESS_ID);
        assertThat(processes.get(0).isExecutable()).isTrue();
        assertThat(processes.get(0).getCamundaHistoryTimeToLiveString()).isNotBlank();
    }

    @Test
    void everyElementHasAMeaningfulTypePrefixedId() {
        List<String> bad = MODEL.getModelElementsByType(FlowNode.class).stream().map(BaseElement::getId)
                .filter(id -> !ID.matcher(id).matches()).toList();
        assertThat(bad).isEmpty();
    }

    @Test
    void suspensionsAndTheStagedHoldJumpTheJobQueue() {
        // the staged hold and the hold for review too: the burst watch ignores the case until the hold has taken effect
        Set<String> urgent = Set.of(RelayRemediation.Elements.SUSPEND_RELAY, RelayRemediation.Elements.RESUSPEND_RELAY,
                RelayRemediation.Elements.STAGE_REENABLE, RelayRemediation.Elements.HOLD_FOR_REVIEW);
        for (ServiceTask task : MODEL.getModelElementsByType(ServiceTask.class)) {
            String priority = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "jobPriority");
            if (urgent.contains(task.getId())) {
                assertThat(priority).as(task.getId()).isEqualTo("100");
            } else {
                assertThat(priority).as(task.getId() + " keeps the default priority").isNull();
            }
        }
    }

    @Test
    void everyServiceTaskIsAnAsyncDelegateExpressionOnTheEnginesRetryProfile() {
        for (ServiceTask task : MODEL.getModelElementsByType(ServiceTask.class)) {
            assertThat(task.getCamundaDelegateExpression()).as(task.getId()).matches("\\$\\{[a-zA-Z]+}");
            assertThat(task.getCamundaClass()).as(task.getId()).isNull();
            assertThat(task.getCamundaExpression()).as(task.getId()).isNull();
            if (!task.getId().equals(RelayRemediation.Elements.RECORD_FAILED_ATTEMPT)) {
                assertThat(task.isCamundaAsyncBefore()).as(task.getId() + " has a savepoint before it").isTrue();
                // no cycle of its own: the engine's retry profile, the case's (RetryProfilePlugin)
                assertThat(task.getExtensionElements() == null ? 0 : task.getExtensionElements().getElementsQuery()
                        .filterByType(CamundaFailedJobRetryTimeCycle.class).count()).as(task.getId()).isZero();
            }
        }
    }

    @Test
    void everyUserTaskUsesADeployedCamundaFormAndACandidateGroup() throws Exception {
        for (UserTask task : MODEL.getModelElementsByType(UserTask.class)) {
            assertThat(task.getCamundaFormRef()).as(task.getId()).isNotBlank();
            assertThat(task.getCamundaFormRefBinding()).isEqualTo("deployment");
            assertThat(Files.exists(Path.of("forms", task.getCamundaFormRef() + ".form"))).as(task.getId()).isTrue();
            assertThat(Files.readString(Path.of("forms", task.getCamundaFormRef() + ".form")))
                    .contains("\"id\": \"" + task.getCamundaFormRef() + "\"");
            assertThat(task.getCamundaCandidateGroups()).startsWith("relaywarden-");
        }
    }

    @Test
    void everyStageListenerHasAStageAndEveryStageEntryIsUsed() {
        Set<String> used = MODEL.getModelElementsByType(CamundaExecutionListener.class).stream()
                .filter(l -> "${caseStageListener}".equals(l.getCamundaDelegateExpression()))
                .map(l -> ((BaseElement) l.getParentElement().getParentElement()).getId() + ":" + l.getCamundaEvent())
                .collect(Collectors.toSet());
        assertThat(used).isEqualTo(RelayRemediation.STAGE_ENTRIES.keySet());
        assertThat(RelayRemediation.EARLIER_STAGE_ENTRIES.keySet()).as("earlier versions' entries are not the current model's")
                .doesNotContainAnyElementsOf(used);
    }

    @Test
    void everyElementIdConstantExistsInTheModel() throws IllegalAccessException {
        for (Field f : RelayRemediation.Elements.class.getFields()) {
            String id = (String) f.get(null);
            assertThat((Object) MODEL.getModelElementById(id)).as(f.getName() + " = " + id).isNotNull();
        }
    }

    /**
     * Completing a user task may set only its form's fields (VariableGuard): the declared fields are
     * exactly the form's enabled fields, and every user task's decision is audited on complete.
     */
    @Test
    void everyUserTaskDeclaresItsFormFieldsAndAuditsItsDecision() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (UserTask task : MODEL.getModelElementsByType(UserTask.class)) {
            RelayRemediation.TaskForm form = RelayRemediation.TASK_FORMS.get(task.getId());
            assertThat(form).as(task.getId() + " in RelayRemediation.TASK_FORMS").isNotNull();
            Set<String> enabled = new TreeSet<>();
            json.readTree(Path.of("forms", task.getCamundaFormRef() + ".form").toFile()).path("components").forEach(c -> {
                if (c.hasNonNull("key") && !c.path("disabled").asBoolean(false) && !c.path("readonly").asBoolean(false)) {
                    enabled.add(c.path("key").asText());
                }
            });
            assertThat(form.fields()).as(task.getId() + " submits").isEqualTo(enabled);
            assertThat(task.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaTaskListener.class).list().stream()
                    .filter(l -> "complete".equals(l.getCamundaEvent())
                            && "${auditDecision}".equals(l.getCamundaDelegateExpression())).count())
                    .as(task.getId() + " audits its decision").isEqualTo(1);
        }
        assertThat(RelayRemediation.TASK_FORMS.keySet()).as("no form fields for a task that is gone")
                .allMatch(id -> MODEL.getModelElementById(id) instanceof UserTask);
    }

    /** Durations come from the case record, not from variables a task could write. */
    @Test
    void timersAndRetryCyclesReadTheCaseNotVariables() throws Exception {
        String xml = Files.readString(Path.of("bpmn/relay-remediation.bpmn"));
        Matcher m = Pattern.compile("<bpmn:(timeDuration|timeCycle|timeDate)[^>]*>([^<]*)<|"
                + "<camunda:failedJobRetryTimeCycle>([^<]*)<").matcher(xml);
        int n = 0;
        while (m.find()) {
            String expression = m.group(2) != null ? m.group(2) : m.group(3);
            assertThat(expression).matches("\\$\\{caseTimings\\.[a-zA-Z]+\\(execution\\)}");
            n++;
        }
        assertThat(n).as("timers").isGreaterThan(4);
        // the retry profile of every asynchronous step is the engine's, set once (RetryProfilePlugin), from the case
        assertThat(RetryProfilePlugin.CASE_RETRY_CYCLE).matches("\\$\\{caseTimings\\.retryCycle\\(execution\\)}");
        assertThat(xml).as("no step repeats the retry profile").doesNotContain("${caseTimings.retryCycle(execution)}");
    }
}
