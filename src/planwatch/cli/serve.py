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
        """Serve the dashboard (in Chinese) and the JSON API under /api/.

        Listening on any address other than loopback needs an admin account in the store
        (``planwatch users add NAME --role admin``).
        """
        import uvicorn

        from planwatch.auth.users import require_admin_to_serve
        from planwatch.errors import PlanWatchError
        from planwatch.serve.app import create_app

        application = create_app(db)
        try:
            require_admin_to_serve(application.state.engine, host)
        except PlanWatchError as err:
            application.state.engine.dispose()
            typer.echo(f"planwatch serve: {err}", err=True)
            raise typer.Exit(2) from err
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"PlanWatch: http://{shown}:{port}  (API: http://{shown}:{port}/api/docs)")
        uvicorn.run(application, host=host, port=port, log_level="warning")
