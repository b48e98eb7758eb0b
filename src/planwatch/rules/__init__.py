"""The language rules: data files (``rules/<lang>/*.yaml``, ``indicators.tsv``) and their one reader.

:mod:`planwatch.rules.loader` locates the folder, reads and validates every file against its JSON
Schema (``rules/schemas/<file>.json``) and expands ``{Name}`` references; each stage compiles the
validated data into its own typed, frozen rules.
"""

from planwatch.rules.loader import (
    FILES,
    RULES_ENV,
    alternation,
    expand,
    read,
    read_tsv,
    rules_dir,
)

__all__ = ["FILES", "RULES_ENV", "alternation", "expand", "read", "read_tsv", "rules_dir"]
