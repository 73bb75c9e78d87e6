-- API tokens expire (issue 16.6). NULL: a token from before this column; it expires at created_at plus the
-- configured maximum validity (relaywarden.security.tokens.max-validity), computed by the application.
ALTER TABLE api_token ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
