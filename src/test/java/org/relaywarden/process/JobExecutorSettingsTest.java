package org.relaywarden.process;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;
import org.relaywarden.scenario.RelaywardenSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine as the application configures it: jobs acquired by priority (the suspensions carry
 * priority 100 in the deployed model, everything else the default) and six job threads.
 */
@RelaywardenSpringBootTest
class JobExecutorSettingsTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ThreadPoolTaskExecutor camundaTaskExecutor;

    @Test
    void suspensionsAreAcquiredBeforeOtherJobs() {
        ProcessEngineConfigurationImpl config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(config.isJobExecutorAcquireByPriority()).isTrue();
        ProcessDefinition deployed = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(RelayRemediation.PROCESS_ID).latestVersion().singleResult();
        ServiceTask suspend = engine.getRepositoryService().getBpmnModelInstance(deployed.getId())
                .getModelElementById(RelayRemediation.Elements.SUSPEND_RELAY);
        assertThat(suspend.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "jobPriority")).isEqualTo("100");
        assertThat(camundaTaskExecutor.getCorePoolSize()).isEqualTo(6);
    }
}
