"""Boundary proposals for a split: packages, layers, moves, imports to cut and their metrics.

``propose`` and ``evaluate_plan`` are the use cases; ``render`` turns their results into text,
JSON or Markdown, and ``boundaries`` into ``config/boundaries.toml``.
"""

from modsplit.propose.model import Proposal, ProposeOptions, WhatIf
from modsplit.propose.proposal import propose
from modsplit.propose.whatif import evaluate_plan

__all__ = ["Proposal", "ProposeOptions", "WhatIf", "evaluate_plan", "propose"]
