package org.relaywarden.customers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the customer directory adapter by {@code relaywarden.customers.directory}. */
@Configuration
class CustomersConfiguration {

    /** An SQL directory closes its connection pool with the context (Spring infers {@code close()}). */
    @Bean
    CustomerDirectory customerDirectory(CustomerSettings settings) {
        return switch (settings.directory()) {
            case "mailbox" -> new MailboxDirectory();
            case "file" -> {
                if (settings.file() == null) {
                    throw new IllegalStateException("relaywarden.customers.directory=file needs relaywarden.customers.file");
                }
                yield new FileDirectory(settings.file());
            }
            case "sql" -> SqlDirectory.connect(settings.sql());
            default -> throw new IllegalStateException("relaywarden.customers.directory must be mailbox, file or sql, not '"
                    + settings.directory() + "'");
        };
    }
}
