package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.relaywarden.cluster.ClusterSettings;
import org.springframework.stereotype.Component;

/**
 * Names the job executor's locks after the node ({@code ACT_RU_JOB.LOCK_OWNER_} = node id instead
 * of a random UUID), so an operator sees which node holds a job, and which jobs wait for a dead
 * node's locks to run out.
 */
@Component
class JobLockOwnerPlugin extends AbstractProcessEnginePlugin {

    private final String nodeId;

    JobLockOwnerPlugin(ClusterSettings cluster) {
        this.nodeId = cluster.nodeId();
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getJobExecutor() != null) {
            configuration.getJobExecutor().setLockOwner(nodeId);
        }
    }
}
