package org.relaywarden.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Sets {@link Account}'s process-wide {@link Account.LocalPartCase} from
 * {@code relaywarden.accounts.local-part} ({@code case-insensitive}, the default, or
 * {@code case-sensitive}). It is a bean factory post-processor so that it runs before any other bean
 * exists: no bean can parse an account under the wrong mode at start.
 */
@Configuration(proxyBeanMethods = false)
public class AccountConfiguration {

    static final String PROPERTY = "relaywarden.accounts.local-part";
    private static final Logger log = LoggerFactory.getLogger(AccountConfiguration.class);

    @Bean
    static BeanFactoryPostProcessor accountLocalPartCase(Environment environment) {
        Account.LocalPartCase mode = Binder.get(environment).bind(PROPERTY, Account.LocalPartCase.class)
                .orElse(Account.LocalPartCase.CASE_INSENSITIVE);
        return beanFactory -> {
            Account.useLocalPartCase(mode);
            log.info("account logins: local part {}", mode == Account.LocalPartCase.CASE_INSENSITIVE
                    ? "case-insensitive (lower-cased)" : "case-sensitive (kept)");
        };
    }
}
