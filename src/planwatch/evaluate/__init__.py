"""Evaluation: scoring statement records against gold, validating records, the quality gate.

``score`` ports the official reference checker (``tools_statements.py``) so that
PlanWatch reports exactly the numbers the contract (``spec/statements.md``) defines.
"""

from planwatch.evaluate.diff import Difference, differences
from planwatch.evaluate.score import Scores, check, load_records, score, score_by_doc

__all__ = ["Difference", "Scores", "check", "differences", "load_records", "score", "score_by_doc"]
