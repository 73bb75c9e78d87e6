-- Each account's sending per hour, as the policy service counted it (one row per node: nodes add
-- their own counts without locking each other). Its 99th percentile hour over the last weeks is the
-- account's own normal, from which its sending limit is learned (relaywarden.limits.*).
CREATE TABLE account_hourly_volume (
    account    VARCHAR(254) NOT NULL,
    hour_start TIMESTAMP WITH TIME ZONE NOT NULL,
    node       VARCHAR(64)  NOT NULL,
    messages   BIGINT       NOT NULL,
    recipients BIGINT       NOT NULL,
    PRIMARY KEY (account, hour_start, node)
);
CREATE INDEX account_hourly_volume_hour ON account_hourly_volume (hour_start);
