"""``planwatch serve``: the web dashboard and JSON API over the store."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""

    @app.command()
    def serve(
        db: Annotated[
            str | None, typer.Option("--db", help="Database URL or SQLite file (default: embedded store)")
        ] = None,
        host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    ) -> None:
        """Serve the dashboard (in Chinese) and the JSON API under /api/."""
        import uvicorn

        from planwatch.serve.app import create_app

        application = create_app(db)
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"PlanWatch: http://{shown}:{port}  (API: http://{shown}:{port}/api/docs)")
        uvicorn.run(application, host=host, port=port, log_level="warning")
