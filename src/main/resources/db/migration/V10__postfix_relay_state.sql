-- The Postfix adapter's relay state per SASL login (only accounts that are not ACTIVE), so that
-- the policy service and the access map answer the same after a restart.
CREATE TABLE postfix_relay_state (
    account    VARCHAR(254) NOT NULL PRIMARY KEY,
    state      VARCHAR(16)  NOT NULL,
    reason     VARCHAR(200) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
