package org.relaywarden;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Gives every connection to an H2 database a query cache that holds the statements of an alert's way in (issue 33).
 * H2 parses each SQL text anew unless the session cached it, and its default cache holds 8 statements: the engine's
 * and the case record's dozens of statements per alert pushed each other out, and parsing took about a sixth of an
 * alert's request (measured with JFR in the alert ingestion benchmark). A URL that names
 * {@code QUERY_CACHE_SIZE} itself keeps its value; PostgreSQL is not touched.
 */
@Component
class H2QueryCache implements BeanPostProcessor {

    static final String SETTING = "QUERY_CACHE_SIZE";

    private final int size;

    H2QueryCache(@Value("${relaywarden.h2.query-cache-size:256}") int size) {
        this.size = size;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && applies(ds.getJdbcUrl()) && size > 0) {
            ds.addDataSourceProperty(SETTING, String.valueOf(size));
        }
        return bean;
    }

    static boolean applies(String url) {
        return url != null && url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains(SETTING);
    }
}
