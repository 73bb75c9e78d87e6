-- Each account's profile, learned from its own mail (relaywarden.risk.*, docs/risk.md): the senders, sender
-- domains, recipient domains and client networks it used (one row per account, kind, item and node: nodes add
-- their own counts side by side), and its volume per hour with its busiest minute and its most recipients in one
-- message. Only mail the policy core let through (or a reviewer released) is learned, never held mail.
CREATE TABLE risk_profile_item (
    account   VARCHAR(254) NOT NULL,
    kind      VARCHAR(16)  NOT NULL,
    item      VARCHAR(254) NOT NULL,
    node      VARCHAR(64)  NOT NULL,
    messages  BIGINT       NOT NULL,
    last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account, kind, item, node)
);
CREATE INDEX risk_profile_item_seen ON risk_profile_item (last_seen);

CREATE TABLE risk_profile_volume (
    account         VARCHAR(254) NOT NULL,
    hour_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    node            VARCHAR(64)  NOT NULL,
    messages        BIGINT       NOT NULL,
    peak_minute     BIGINT       NOT NULL,
    peak_recipients BIGINT       NOT NULL,
    PRIMARY KEY (account, hour_start, node)
);
CREATE INDEX risk_profile_volume_hour ON risk_profile_volume (hour_start);
