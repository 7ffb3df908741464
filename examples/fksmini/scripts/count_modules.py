"""Print how many Python files each top-level folder of src/ holds."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path


def count(root: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in root.rglob("*.py"):
        counts[path.relative_to(root).parts[0]] += 1
    return counts


if __name__ == "__main__":
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src")
    for name, number in sorted(count(base).items()):
        print(f"{number:4} {name}")
