"""The ``planwatch`` command: one sub-command per stage, each defined in its own module."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="planwatch",
    help="PlanWatch: 跟踪规划与报告中的量化目标 — follow plan targets and what later reports say.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Modules under planwatch.cli, each with ``register(app)``.
COMMAND_MODULES = ("inspect", "extract", "rules", "score", "store", "track", "serve", "review")


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"planwatch.cli.{name}")
        module.register(app)


_register_all()


def main() -> None:
    app()
