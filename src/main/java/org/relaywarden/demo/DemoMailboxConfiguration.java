package org.relaywarden.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.util.Arrays;

/** The demo mailbox, when {@link DemoMailboxEnvironment} made it the mail server (demo profile, no mail server configured). */
@Configuration
@Profile("demo")
@ConditionalOnProperty(name = DemoMailboxEnvironment.ACTIVE, havingValue = "true")
class DemoMailboxConfiguration {

    /** Camunda's process engine bean: destroyed (its job executor stopped) before the demo mailbox. */
    static final String PROCESS_ENGINE = "processEngineFactoryBean";

    /** The process engine depends on the demo mailbox, so a stop closes the engine (and its jobs) first. */
    @Bean
    static BeanFactoryPostProcessor engineAfterDemoMailbox() {
        return factory -> {
            if (factory.containsBeanDefinition(PROCESS_ENGINE)) {
                BeanDefinition engine = factory.getBeanDefinition(PROCESS_ENGINE);
                String[] before = engine.getDependsOn() == null ? new String[0] : engine.getDependsOn();
                String[] after = Arrays.copyOf(before, before.length + 1);
                after[before.length] = "demoMailbox";
                engine.setDependsOn(after);
            }
        };
    }

    @Bean
    DemoMailbox demoMailbox(@Value("${relaywarden.demo-mailbox.smtp-port}") int smtp, @Value("${relaywarden.demo-mailbox.imap-port}") int imap,
                            @Value("${relaywarden.demo-mailbox.abuse-address}") String abuse,
                            @Value("${relaywarden.demo-mailbox.abuse-password}") String password) {
        return new DemoMailbox(smtp, imap, abuse, password);
    }
}
