-- Blast-radius guard (issue 16.4): a case opened while more new cases than allowed were opened in the window
-- (per alert source or overall) waits for an operator before relaying is suspended. Decided once when the case
-- opens; the process reads it by business key (never from a variable). Old cases: FALSE.
ALTER TABLE remediation_case ADD COLUMN needs_confirmation BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX ix_case_created ON remediation_case (created_at);
