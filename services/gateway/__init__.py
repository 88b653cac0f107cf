"""The gateway: the mobile app's only door — accounts, sign-in, sessions, rate limits, realtime push."""
