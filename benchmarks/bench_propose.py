"""Benchmark ``modsplit propose``: speed on fks and on 10,000 modules, and recovery quality.

    python benchmarks/bench_propose.py --checkout /path/to/fks --config config/fks_main.toml

Speed: whole-process wall time of ``modsplit propose`` on the checkout (warm and cold graph
cache), next to ``modsplit graph`` on the same checkout; and the in-process time of ``propose``
on a generated graph of 10,000 modules.

Quality: for real packages installed from PyPI (import-linter, libcst, pip, networkx), the
subpackage structure is forgotten (every module starts in one package), ``propose`` runs with
``--inertia 0`` and its packages are scored with MoJoFM against the real first-level
subpackages. The peer is plain Louvain from networkx on the same undirected graph, which proposes
packages without the acyclicity step; its package cycles are counted too.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import grimp
import networkx as nx
from timing import Timing, check_target, print_timings, time_command

from modsplit.graph.model import Graph, Import, Module
from modsplit.propose import ProposeOptions, propose
from modsplit.propose.metrics import mojofm, package_cycles, turbomq
from modsplit.propose.render import render_json
from modsplit.workspace.model import Unit, Workspace

# (distribution's import name, the package whose subpackages are the reference structure)
RECOVERY = (("importlinter", "importlinter"), ("libcst", "libcst"), ("pip", "pip._internal"),
            ("networkx", "networkx"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    speed_on_checkout(args.checkout.resolve(), args.config.resolve(), runs=args.runs)
    print()
    speed_on_generated(modules=10_000)
    print()
    recovery()
    return 0


def speed_on_checkout(checkout: Path, config: Path, *, runs: int) -> None:
    modsplit = [sys.executable, "-m", "modsplit"]
    propose_command = [*modsplit, "propose", "--config", str(config), str(checkout)]
    graph_command = [*modsplit, "graph", "--config", str(config), str(checkout), "--format",
                     "json"]
    timings: list[Timing] = [
        time_command("modsplit graph (warm)", graph_command, runs=runs, warmup=1),
        time_command("modsplit propose (warm)", propose_command, runs=runs, warmup=1),
        time_command("modsplit propose (cold)", [*propose_command, "--no-cache"], runs=3),
    ]
    print_timings(timings)
    print(f"ratio propose warm / graph warm: {timings[1].median / timings[0].median:.2f}x")
    cpu = cpu_seconds(propose_command, runs=runs)
    print(f"modsplit propose (warm) CPU time, user + sys: min {min(cpu):.2f} s, median "
          f"{statistics.median(cpu):.2f} s (less sensitive to other load than wall time)")
    print(check_target("propose_seconds", timings[1].median))
    print(f"cold graph build included: {timings[2].median:.2f} s")


def cpu_seconds(command: list[str], *, runs: int) -> list[float]:
    """Return the user + sys CPU seconds of each run of ``command`` in a child process."""
    found = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        found.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return found


def speed_on_generated(*, modules: int) -> None:
    graph = generated_graph(modules, seed=1)
    seconds = []
    cpu = []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        render_json(propose(graph, ProposeOptions()))
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"propose on a generated graph: {len(graph.modules)} modules, {len(graph.imports)} "
          f"imports; min {min(seconds):.2f} s, median {statistics.median(seconds):.2f} s; "
          f"CPU median {statistics.median(cpu):.2f} s (in process, 10 seeds for stability)")
    print(check_target("propose_10k_seconds", statistics.median(seconds)))


def recovery() -> None:
    print(f"{'package':<14} {'modules':>7} {'imports':>7} {'ref pkgs':>8}  "
          f"{'MoJoFM ours/louvain':>19}  {'TurboMQ ours/louvain':>20}  "
          f"{'cycles ours/louvain':>19}")
    for distribution, root in RECOVERY:
        graph, reference = package_graph(distribution, root)
        ours = propose(graph, ProposeOptions(inertia=0.0, stability_runs=1))
        louvain = plain_louvain(graph)
        pairs = sorted({(i.importer, i.imported) for i in graph.imports})
        scores = f"{mojofm(ours.layout.package_of, reference):.1f}/{mojofm(louvain, reference):.1f}"
        quality = f"{ours.proposed.turbomq:.2f}/{turbomq(pairs, louvain):.2f}"
        cycles = f"{ours.proposed.package_cycles}/{len(package_cycles(pairs, louvain))}"
        print(f"{root:<14} {len(graph.modules):>7} {len(pairs):>7} "
              f"{len(set(reference.values())):>8}  {scores:>19}  {quality:>20}  {cycles:>19}")
    print("MoJoFM (%) is measured against the real first-level subpackages; 100 means equal")


def package_graph(distribution: str, root: str) -> tuple[Graph, dict[str, str]]:
    """Return the graph of ``root``'s modules as one package, and their real subpackages."""
    found = grimp.build_graph(distribution, include_external_packages=False)
    names = sorted(m for m in found.modules if m == root or m.startswith(root + "."))
    modules = tuple(Module(id=name, name=name, unit=distribution,
                           path=name.replace(".", "/") + ".py") for name in names)
    imports = []
    keep = set(names)
    for importer in names:
        for imported in sorted(found.find_modules_directly_imported_by(importer)):
            if imported in keep and imported != importer:
                details = found.get_import_details(importer=importer, imported=imported)
                line = min((d["line_number"] for d in details), default=1)
                imports.append(Import(importer, imported, line))
    workspace = Workspace(directory=Path("."), units=(Unit(distribution, ".", (".",)),))
    reference = {name: _subpackage(name, root) for name in names}
    return Graph(workspace, modules, tuple(sorted(imports))), reference


def plain_louvain(graph: Graph) -> dict[str, str]:
    undirected: nx.Graph = nx.Graph()
    undirected.add_nodes_from(sorted(m.id for m in graph.modules))
    undirected.add_edges_from(sorted((i.importer, i.imported) for i in graph.imports))
    communities = nx.community.louvain_communities(undirected, seed=0)
    return {m: f"c{index}" for index, c in enumerate(communities) for m in c}


def generated_graph(size: int, *, seed: int) -> Graph:
    """Return a layered graph: 100 packages in 10 layers, most imports inside a package."""
    rng = random.Random(seed)
    per_package = size // 100
    names = [f"p{p:02d}.m{m:03d}" for p in range(100) for m in range(per_package)]
    imports = set()
    for index, name in enumerate(names):
        package, position = divmod(index, per_package)
        for _ in range(3):
            if position + 1 < per_package:
                target = package * per_package + rng.randrange(position + 1, per_package)
                imports.add((name, names[target]))
        if rng.random() < 0.3 and package < 90:
            lower = rng.randrange((package // 10 + 1) * 10, 100)
            imports.add((name, names[lower * per_package + rng.randrange(per_package)]))
        if rng.random() < 0.01 and package >= 10:
            upper = rng.randrange(0, (package // 10) * 10)
            imports.add((name, names[upper * per_package + rng.randrange(per_package)]))
    modules = tuple(Module(id=n, name=n, unit=n.split(".")[0], path=n.replace(".", "/") + ".py")
                    for n in names)
    units = tuple(Unit(f"p{p:02d}", f"p{p:02d}", (".",)) for p in range(100))
    edges = tuple(Import(a, b, 1) for a, b in sorted(imports))
    return Graph(Workspace(directory=Path("."), units=units), modules, edges)


def _subpackage(name: str, root: str) -> str:
    rest = name[len(root) + 1:] if name != root else ""
    return rest.split(".")[0] if "." in rest else "(top)"


if __name__ == "__main__":
    sys.exit(main())
