"""The read model: the queries the dashboard and the API run (corrections applied, full-text search)."""
