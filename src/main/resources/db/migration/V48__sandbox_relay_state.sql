-- The sandbox mail server's relay state per account (only accounts that are not ACTIVE), so that a
-- suspension outlives a restart as it does on a real relay (the Postfix adapter: postfix_relay_state).
CREATE TABLE sandbox_relay_state (
    account    VARCHAR(254) NOT NULL PRIMARY KEY,
    state      VARCHAR(16)  NOT NULL,
    reason     VARCHAR(200) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
