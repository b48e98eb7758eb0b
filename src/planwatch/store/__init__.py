"""The store: documents, sections, statements, regions, indicators, judgements (SQLAlchemy 2 + Alembic).

SQLite is the embedded default (``planwatch.db`` in the user data directory, or
``--db`` / ``PLANWATCH_DATABASE_URL``); PostgreSQL serves a shared server.

- :mod:`.db` — ``open_store(url)`` (an engine, migrated on open), ``transaction(engine)``;
- :mod:`.repository` — what the other stages call: ``save_processed``, ``list_documents``,
  ``get_document``, ``statements``/``find_statements``, ``regions``, ``indicators``,
  ``save_judgements``/``judgements``;
- :mod:`.ingest` — ``ingest_paths`` and ``reextract`` behind ``planwatch ingest``;
- :mod:`.dump` — every content row, sorted (``planwatch db dump``);
- :mod:`.schema` — the tables; :mod:`.migrations` — their Alembic revisions.
"""
