-- Issue 14 item 4: a false positive is cheap to undo. A case closed with the account ACTIVE grants
-- the account a quiet period (no built-in detector opens a case for it) and, after it, limits
-- raised to the highest counts it was seen sending in one detection window. One row per account.
CREATE TABLE account_allowance (
    account            VARCHAR(254)  NOT NULL PRIMARY KEY,
    case_id            BIGINT        NOT NULL,
    granted_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    quiet_until        TIMESTAMP WITH TIME ZONE NOT NULL,
    granted_by         VARCHAR(254)  NOT NULL,
    reason             VARCHAR(2000),
    -- the highest messages and recipients of the account in one detection window, from the case's
    -- evidence and from what the rate detector saw during the quiet period
    peak_messages      BIGINT        NOT NULL,
    peak_recipients    BIGINT        NOT NULL,
    -- set from the peaks once the quiet period is over (settled_at); kept until a later grant settles
    raised_messages    BIGINT,
    raised_recipients  BIGINT,
    settled_at         TIMESTAMP WITH TIME ZONE
);

-- Issue 14 item 5: the evidence tells the volume, from the policy service's counts (the quarantine
-- counts stay in message_count and recipient_count).
ALTER TABLE case_evidence ADD COLUMN recipients_24h BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE case_evidence ADD COLUMN distinct_clients_24h BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE case_evidence ADD COLUMN refused_24h BIGINT;
ALTER TABLE case_evidence ADD COLUMN accepted_before_stop BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE case_evidence ADD COLUMN window_messages BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE case_evidence ADD COLUMN window_recipients BIGINT DEFAULT 0 NOT NULL;
