"""HTTP handlers of the JSON API (mounted under ``/api/``)."""
