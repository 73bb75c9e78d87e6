-- The relay state per SASL login (only accounts that are not ACTIVE) is the policy core's, whichever mail
-- server asks it: the table is no longer named after Postfix.
ALTER TABLE postfix_relay_state RENAME TO relay_state;
