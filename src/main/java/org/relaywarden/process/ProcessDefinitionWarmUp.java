package org.relaywarden.process;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Parses the remediation process into the engine's deployment cache when the application is
 * ready, instead of on the first alert: the first case after a start had paid about a second for
 * it before its suspension job even existed (measured in FirstStopOnPostfixTest), and the first
 * case after a start is often the one that matters (a flood that the policy service caps at the
 * limit).
 */
@Component
class ProcessDefinitionWarmUp {

    private static final Logger log = LoggerFactory.getLogger(ProcessDefinitionWarmUp.class);

    private final RepositoryService repository;

    ProcessDefinitionWarmUp(RepositoryService repository) {
        this.repository = repository;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        long t0 = System.nanoTime();
        ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(RelayRemediation.PROCESS_ID)
                .latestVersion().singleResult();
        if (latest == null) {
            log.warn("process {} is not deployed", RelayRemediation.PROCESS_ID);
            return;
        }
        // reading the model resolves the definition: the deployment is parsed into the cache if it is not there
        repository.getProcessDefinition(latest.getId());
        repository.getBpmnModelInstance(latest.getId());
        log.info("process {} version {} in the deployment cache after {} ms", latest.getKey(), latest.getVersion(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
