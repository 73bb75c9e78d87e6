package org.relaywarden.notification;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** Letters go out by SMTP when {@code spring.mail.host} is set; otherwise they are only recorded. */
@Configuration
class NotificationConfiguration {

    @Bean
    CustomerNotifier customerNotifier(ObjectProvider<JavaMailSender> mailSender, LetterSettings settings) {
        JavaMailSender sender = mailSender.getIfAvailable();
        return sender == null ? new RecordOnlyCustomerNotifier() : new JavaMailCustomerNotifier(sender, settings);
    }
}
