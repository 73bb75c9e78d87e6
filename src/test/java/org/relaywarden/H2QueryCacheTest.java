package org.relaywarden;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The H2 query cache each pooled connection gets (issue 33), read back from H2 itself. */
class H2QueryCacheTest {

    @Test
    void anH2ConnectionFromThePoolHasTheConfiguredQueryCache() throws SQLException {
        assertThat(queryCacheSize("jdbc:h2:mem:h2-query-cache-a;DB_CLOSE_DELAY=0", 256)).isEqualTo("256");
    }

    @Test
    void aUrlThatNamesTheQueryCacheKeepsItsValue() throws SQLException {
        assertThat(queryCacheSize("jdbc:h2:mem:h2-query-cache-b;QUERY_CACHE_SIZE=16", 256)).isEqualTo("16");
    }

    @Test
    void zeroLeavesH2sDefault() throws SQLException {
        assertThat(queryCacheSize("jdbc:h2:mem:h2-query-cache-c", 0)).isEqualTo("8");
    }

    @Test
    void postgresqlIsNotTouched() {
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl("jdbc:postgresql://127.0.0.1/relaywarden");
            new H2QueryCache(256).postProcessBeforeInitialization(ds, "dataSource");
            assertThat(ds.getDataSourceProperties()).isEmpty();
        }
    }

    private static String queryCacheSize(String url, int size) throws SQLException {
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(url);
            ds.setUsername("sa");
            ds.setMaximumPoolSize(1);
            new H2QueryCache(size).postProcessBeforeInitialization(ds, "dataSource");
            try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
