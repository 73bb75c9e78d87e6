package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

import javax.xml.datatype.DatatypeFactory;

/**
 * The retry profile of every asynchronous step, set once for the engine instead of on each step of
 * the diagram: a failed mail-server or letter step is retried on the case's own cycle (copied into
 * the case when it starts, {@link CaseTimings#retryCycle}; {@code relaywarden.process.retry-cycle},
 * default {@code R5/PT1M}), then becomes an incident. A step may still name its own cycle in the diagram.
 */
@Component
class RetryProfilePlugin extends AbstractProcessEnginePlugin {

    /** The engine's default for steps that name none; the process test configuration sets the same. */
    static final String CASE_RETRY_CYCLE = "${caseTimings.retryCycle(execution)}";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobRetryTimeCycle(CASE_RETRY_CYCLE);
        // the engine parses a retry cycle (and a timer's duration) with a new DatatypeFactory each time, and without
        // this property JAXP looks for a provider in every jar of the class path first: half a millisecond per job
        // created, a twentieth of an alert's CPU (issue 33). Named here, it is the JDK's own, as JAXP would find anyway
        if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
            System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY, DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
        }
    }
}
