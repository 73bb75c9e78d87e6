package org.relaywarden.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The demo mailbox, when {@link DemoMailboxEnvironment} made it the mail server (demo profile, no mail server configured). */
@Configuration
@Profile("demo")
@ConditionalOnProperty(name = DemoMailboxEnvironment.ACTIVE, havingValue = "true")
class DemoMailboxConfiguration {

    @Bean
    DemoMailbox demoMailbox(@Value("${relaywarden.demo-mailbox.smtp-port}") int smtp, @Value("${relaywarden.demo-mailbox.imap-port}") int imap,
                            @Value("${relaywarden.demo-mailbox.abuse-address}") String abuse,
                            @Value("${relaywarden.demo-mailbox.abuse-password}") String password) {
        return new DemoMailbox(smtp, imap, abuse, password);
    }
}
