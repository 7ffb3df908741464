"""Build grimp graphs over several import roots in one process: the peer figure for graph.

Usage: python grimp_roots.py CACHE_DIR ROOT [ROOT ...]. Each root's top-level regular packages
are built as one grimp graph with that root first on ``sys.path``. A root whose build fails
(grimp stops at the first syntax error) is reported on stderr and counted as failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp


def main() -> int:
    cache_dir, *roots = sys.argv[1:]
    modules = failed = 0
    for root in roots:
        packages = sorted(
            p.name for p in Path(root).iterdir()
            if (p / "__init__.py").is_file() and p.name.isidentifier()
        )
        if not packages:
            continue
        sys.path.insert(0, root)
        try:
            graph = grimp.build_graph(*packages, cache_dir=f"{cache_dir}/{abs(hash(root))}")
            modules += len(graph.modules)
        except Exception as error:
            print(f"{root}: {type(error).__name__}: {error}", file=sys.stderr)
            failed += 1
        finally:
            sys.path.remove(root)
            for name in [n for n in sys.modules if n.split(".")[0] in packages]:
                del sys.modules[name]
    print(f"{modules} modules over {len(roots)} roots, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
