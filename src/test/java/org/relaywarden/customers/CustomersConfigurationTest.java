package org.relaywarden.customers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.account.Account;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** relaywarden.customers.directory chooses the adapter; a wrong or incomplete setting stops the start with the reason. */
class CustomersConfigurationTest {

    @Configuration
    @EnableConfigurationProperties(CustomerSettings.class)
    static class Settings {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, CustomersConfiguration.class);

    @TempDir
    Path dir;

    @Test
    void mailboxByDefault() {
        runner.run(c -> {
            CustomerDirectory d = c.getBean(CustomerDirectory.class);
            assertThat(d).isInstanceOf(MailboxDirectory.class);
            assertThat(d.find(Account.parse("kunde@example.test")).orElseThrow().addresses())
                    .extracting(ContactAddress::value).containsExactly("kunde@example.test");
        });
    }

    @Test
    void fileAndSqlBySetting() throws IOException {
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, "login,address\nkunde@example.test,inhaber@kunde.example\n");
        runner.withPropertyValues("relaywarden.customers.directory=file", "relaywarden.customers.file=" + file)
                .run(c -> assertThat(c.getBean(CustomerDirectory.class).find(Account.parse("kunde@example.test")).orElseThrow()
                        .addresses()).extracting(ContactAddress::value).containsExactly("inhaber@kunde.example"));
        // the customer database need not be up for the start (lookups fail and are retried)
        runner.withPropertyValues("relaywarden.customers.directory=sql", "relaywarden.customers.sql.url=jdbc:postgresql://127.0.0.1:1/crm",
                        "relaywarden.customers.sql.query=SELECT email AS address FROM customer WHERE login = ?",
                        "relaywarden.customers.sql.timeout=PT1S")
                .run(c -> assertThat(c.getBean(CustomerDirectory.class)).isInstanceOf(SqlDirectory.class));
    }

    @Test
    void aWrongSettingStopsTheStart() {
        runner.withPropertyValues("relaywarden.customers.directory=ldap")
                .run(c -> assertThat(c).hasFailed().getFailure().hasStackTraceContaining("must be mailbox, file or sql, not 'ldap'"));
        runner.withPropertyValues("relaywarden.customers.directory=file")
                .run(c -> assertThat(c).hasFailed().getFailure().hasStackTraceContaining("needs relaywarden.customers.file"));
        runner.withPropertyValues("relaywarden.customers.directory=sql", "relaywarden.customers.sql.url=jdbc:postgresql://x/crm",
                        "relaywarden.customers.sql.query=SELECT email AS address FROM customer")
                .run(c -> assertThat(c).hasFailed().getFailure().hasStackTraceContaining("exactly one ?"));
    }
}
