package org.relaywarden.cluster;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/**
 * Names the job executor's locks after the node ({@code ACT_RU_JOB.LOCK_OWNER_} = node id instead
 * of a random UUID), so an operator sees which node holds a job, and which jobs wait for a dead
 * node's locks to run out.
 */
class JobLockOwnerPlugin extends AbstractProcessEnginePlugin {

    private final String nodeId;

    JobLockOwnerPlugin(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getJobExecutor() != null) {
            configuration.getJobExecutor().setLockOwner(nodeId);
        }
    }
}
