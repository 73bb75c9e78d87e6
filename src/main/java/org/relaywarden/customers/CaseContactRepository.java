package org.relaywarden.customers;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The addresses operators added to cases (table case_contact). */
@Repository
class CaseContactRepository {

    private static final RowMapper<AddedContact> ROW = (rs, n) -> new AddedContact(ContactAddress.parse(rs.getString("address")),
            rs.getString("reason"), rs.getString("added_by"), rs.getObject("added_at", OffsetDateTime.class).toInstant());

    private final JdbcTemplate jdbc;

    CaseContactRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<AddedContact> ofCase(long caseId) {
        return jdbc.query("SELECT address, reason, added_by, added_at FROM case_contact WHERE case_id = ? ORDER BY id", ROW, caseId);
    }

    /** Throws DuplicateKeyException if the case has this address already. */
    void insert(long caseId, AddedContact c) {
        jdbc.update("INSERT INTO case_contact (case_id, address, reason, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
                caseId, c.address().value(), c.reason(), c.addedBy(), c.addedAt().atOffset(ZoneOffset.UTC));
    }

    int count(long caseId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM case_contact WHERE case_id = ?", Integer.class, caseId);
        return n == null ? 0 : n;
    }

    static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
