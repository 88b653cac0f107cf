"""The gateway's rules, free of I/O: one-time codes, sessions, staff sign-in, citizen registration, rate limits.

Functions take the current time (`now`) and return new immutable state; where a refusal also changes state
(a wrong code spends an attempt, a reused refresh token revokes its session) they return the new state
together with the error, and the handler saves the state before raising the error.
"""
