"""Users, roles, sessions, CSRF and API tokens for the dashboard and the API.

- :mod:`.passwords` — argon2id hashing;
- :mod:`.users` — users and roles, API tokens, the server-start guard;
- :mod:`.sessions` — signed session cookies with idle and absolute expiry, CSRF tokens;
- :mod:`.ratelimit` — login attempts per user name and address;
- :mod:`.middleware` — who is asking, what they may do, CSRF on every unsafe request.

Without any user in the store, a local install is a single user (``local``) with the
editor role, and only loopback clients are served.
"""
