-- When a node first saw each item of an account's profile (docs/risk.md, "new recipient domains, learned"): from it
-- the profile learns how many recipient domains an hour the account normally adds. Rows written before this
-- column existed keep NULL: their items count as known since before, never as new.
ALTER TABLE risk_profile_item ADD COLUMN first_seen TIMESTAMP WITH TIME ZONE;
