"""HTTP handlers of the dashboard pages (server-rendered, in Chinese)."""
