package org.relaywarden.cluster;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Wires the {@link StartupLock}: taken by whichever touches the database first, Flyway (its
 * migration strategy) or the process engine ({@code process.StartupLockPlugin}, before the engine
 * checks or creates its schema), and given back once the context is refreshed, that is after the
 * deployment and every bean that writes at start (groups, grants, users).
 */
@Configuration
class StartupLockConfiguration {

    @Bean(destroyMethod = "release")
    StartupLock startupLock(DataSource dataSource, ClusterSettings cluster,
                            @Value("${relaywarden.cluster.startup-lock-timeout:PT10M}") Duration timeout) {
        return new StartupLock(dataSource, timeout, cluster.nodeId());
    }

    @Bean
    FlywayMigrationStrategy migrateUnderStartupLock(StartupLock lock) {
        return flyway -> {
            lock.acquire();
            flyway.migrate();
        };
    }

    @Bean
    ApplicationListener<ContextRefreshedEvent> releaseStartupLock(StartupLock lock) {
        return event -> {
            if (event.getApplicationContext().getParent() == null) {
                lock.release();
            }
        };
    }

    @Bean
    ApplicationListener<ContextClosedEvent> releaseStartupLockOnClose(StartupLock lock) {
        return event -> lock.release();
    }
}
