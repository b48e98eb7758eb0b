"""Users, roles, sessions, CSRF and API tokens for the dashboard and the API.

- :mod:`.passwords` — argon2id hashing;
- :mod:`.users` — users and roles, API tokens, the server-start guard;
- :mod:`.sessions` — signed session cookies with idle and absolute expiry, CSRF tokens;
- :mod:`.ratelimit` — login attempts per user name and address;
- :mod:`.middleware` — who is asking, what they may do, CSRF on every unsafe request, the Host list;
- :mod:`.csrf` — the CSRF token of a request, read without holding a whole body;
- :mod:`.bodylimit` — request bodies bounded per route before they are read (413);
- :mod:`.headers` — CSP and the other security headers on every response;
- :mod:`.settings` — the security settings (``PLANWATCH_*`` environment variables);
- :mod:`.refusals` — what a refused request gets (JSON for the API, a page hook for pages).

Without any user in the store, a local install is a single user (``local``) with the
editor role, and only loopback clients are served.
"""
