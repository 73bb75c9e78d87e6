-- The vpopmail NO_SMTP flags (vmoduser -s) of the qmail adapter's durable layer, per relay:
-- set_by_relaywarden = true: Relaywarden set the flag and clears it on restore (only that flag);
-- false: the provider had set it before Relaywarden suspended the account, and it stays set.
CREATE TABLE qmail_vpopmail_flag (
    relay              VARCHAR(63)  NOT NULL,
    login              VARCHAR(320) NOT NULL,
    set_by_relaywarden BOOLEAN      NOT NULL,
    flags_before       INTEGER      NOT NULL,
    noted_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (relay, login)
);
