package org.relaywarden.process;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.management.Metrics;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * The engine's own figures for Prometheus: open incidents, jobs that ran out of retries, jobs
 * waiting to run, whether the job executor is active, and the engine's job and activity counters.
 */
@Component
class CamundaMetrics implements MeterBinder {

    private final RuntimeService runtime;
    private final ManagementService management;
    private final ProcessEngineConfigurationImpl configuration;

    CamundaMetrics(RuntimeService runtime, ManagementService management, ProcessEngineConfigurationImpl configuration) {
        this.runtime = runtime;
        this.management = management;
        this.configuration = configuration;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("camunda.incidents.open", runtime, r -> r.createIncidentQuery().count())
                .description("open incidents (steps that ran out of retries)").register(registry);
        Gauge.builder("camunda.jobs.failed", management, m -> m.createJobQuery().noRetriesLeft().count())
                .description("jobs without retries left").register(registry);
        Gauge.builder("camunda.jobs.executable", management, m -> m.createJobQuery().executable().count())
                .description("jobs due and waiting for the job executor").register(registry);
        Gauge.builder("camunda.job.executor.active", configuration,
                        c -> c.getJobExecutor() != null && c.getJobExecutor().isActive() ? 1 : 0)
                .description("1 if this node's job executor is running").register(registry);
        for (String name : new String[]{Metrics.JOB_SUCCESSFUL, Metrics.JOB_FAILED, Metrics.JOB_ACQUISITION_ATTEMPT,
                Metrics.JOB_ACQUIRED_SUCCESS, Metrics.JOB_LOCKED_EXCLUSIVE, Metrics.ACTIVTY_INSTANCE_START}) {
            Gauge.builder("camunda.engine.metric", management,
                            m -> m.createMetricsQuery().name(name).startDate(new Date(0)).sum())
                    .description("the engine's cumulative metric").tag("name", name).register(registry);
        }
    }
}
