-- The process's durations of one case (ISO 8601), copied from configuration when the case opens and read
-- by its timers from here (not from process variables, which a task could write). NULL for cases opened
-- before this migration: their timers fall back to the configuration (process package, CaseTimings).
ALTER TABLE remediation_case ADD COLUMN retry_cycle VARCHAR(64);
ALTER TABLE remediation_case ADD COLUMN reminder_cycle VARCHAR(64);
ALTER TABLE remediation_case ADD COLUMN unresponsive_after VARCHAR(64);
ALTER TABLE remediation_case ADD COLUMN watch_window VARCHAR(64);
ALTER TABLE remediation_case ADD COLUMN probation_period VARCHAR(64);
