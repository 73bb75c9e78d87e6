-- Who is sending a letter right now, until when: a second attempt (a job whose lock ran out while the first
-- still ran, on another node) does not send it again while the claim holds.
ALTER TABLE case_letter ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE case_letter ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
