"""The gateway's storage: accounts, sessions and keys in the database; one-time codes in Redis."""
