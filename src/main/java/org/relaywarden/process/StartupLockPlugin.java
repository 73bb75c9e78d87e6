package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.relaywarden.cluster.StartupLock;
import org.springframework.stereotype.Component;

/**
 * Takes the cluster's {@link StartupLock} before the engine checks or creates its schema (when Flyway
 * has not already taken it): nodes starting together on an empty database must not all create
 * Camunda's tables.
 */
@Component
class StartupLockPlugin extends AbstractProcessEnginePlugin {

    private final StartupLock lock;

    StartupLockPlugin(StartupLock lock) {
        this.lock = lock;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        lock.acquire();
    }
}
