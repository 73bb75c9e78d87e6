-- issue #34: the reader's reading of each reply with its confidence; a reply the reader is unsure of goes to an agent
-- with this reading pre-filled, and the agent's one-click confirmation submits exactly what is stored here
ALTER TABLE mail_reply ADD COLUMN confidence VARCHAR(8);
ALTER TABLE mail_reply ADD COLUMN reading_doubts VARCHAR(2000);
ALTER TABLE mail_reply ADD COLUMN reading_cause VARCHAR(10000);
ALTER TABLE mail_reply ADD COLUMN reading_prevention VARCHAR(10000);
ALTER TABLE mail_reply ADD COLUMN reading_queue_confirmed BOOLEAN;
ALTER TABLE mail_reply ADD COLUMN reading_queue_output VARCHAR(20000);
ALTER TABLE mail_reply ADD COLUMN confirmed_by VARCHAR(200);
ALTER TABLE mail_reply ADD COLUMN confirmed_at TIMESTAMP WITH TIME ZONE;
