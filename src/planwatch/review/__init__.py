"""Review: people's corrections of machine statements, kept apart from machine output.

- :mod:`.schema` — the ``corrections`` and ``audit_log`` tables (same metadata as the store);
- :mod:`.apply` — machine statements + corrections -> corrected statements, with absorption;
- :mod:`.service` — recording a correction (with its audit entry), history, progress;
- :mod:`.queue` — the review queue: least certain statements first, with the reasons;
- :mod:`.gold` — corrected statements of fully reviewed documents as contract JSONL.
"""
