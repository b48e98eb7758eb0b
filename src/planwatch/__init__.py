"""PlanWatch: follow what governments promise in their plans and what they later report as done.

The pipeline, stage by stage (each a sub-package)::

    ingest     bytes -> Document (canonical text, encoding, traditional -> simplified)
    structure  Document -> Structure (facts: region, kind, dates, periods; outline; furniture)
    extract    Document + Structure -> Statements (grounded quantitative statements)
    track      Statements of many documents -> Judgements of each target
    store      SQLAlchemy store: SQLite by default, PostgreSQL for a server
    serve      FastAPI dashboard and JSON API
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
