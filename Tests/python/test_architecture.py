"""docs/architecture.md's target graph matches Package.swift.

The doc's mermaid block (after the `target-graph` marker) lists every non-test target and its
dependencies on other targets of the package; `swift package dump-package` is the truth. Any target or
edge present in one and not the other fails the test, naming it."""

import functools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
NODE = r"[A-Za-z0-9_-]+"


def swift():
    found = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    assert os.path.exists(found), "swift not found on PATH or in /opt/swift/usr/bin"
    return found


@functools.cache
def dump_targets():
    dump = subprocess.run([swift(), "package", "dump-package"], cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=600)
    return json.loads(dump.stdout)["targets"]


def package_graph():
    """(targets, edges) of the non-test targets, with edges only to targets of this package."""
    targets = dump_targets()
    names = {t["name"] for t in targets}
    nodes, edges = set(), set()
    for target in targets:
        if target["type"] == "test":
            continue
        nodes.add(target["name"])
        for dependency in target["dependencies"]:
            for kind in ("byName", "target"):
                if kind in dependency and dependency[kind][0] in names:
                    edges.add((target["name"], dependency[kind][0]))
    return nodes, edges


def documented_graph():
    text = DOC.read_text()
    marker = text.find("target-graph")
    assert marker >= 0, "docs/architecture.md has no target-graph marker"
    block = re.search(r"```mermaid\n(.*?)```", text[marker:], re.S)
    assert block, "docs/architecture.md has no mermaid block after the target-graph marker"
    nodes, edges = set(), set()
    for number, raw in enumerate(block.group(1).splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("graph ") or line.startswith("%%"):
            continue
        edge = re.fullmatch(rf"({NODE})\s*-->\s*({NODE})", line)
        node = re.fullmatch(NODE, line)
        assert edge or node, f"docs/architecture.md target graph, line {number}: cannot read {line!r}"
        if edge:
            edges.add((edge.group(1), edge.group(2)))
            nodes.update(edge.groups())
        else:
            nodes.add(line)
    return nodes, edges


def test_target_graph_in_docs_matches_package_swift():
    package_nodes, package_edges = package_graph()
    doc_nodes, doc_edges = documented_graph()
    problems = []
    problems += [f"target {n} is in Package.swift but not in the doc" for n in sorted(package_nodes - doc_nodes)]
    problems += [f"target {n} is in the doc but not in Package.swift" for n in sorted(doc_nodes - package_nodes)]
    problems += [f"edge {a} --> {b} is in Package.swift but not in the doc" for a, b in sorted(package_edges - doc_edges)]
    problems += [f"edge {a} --> {b} is in the doc but not in Package.swift" for a, b in sorted(doc_edges - package_edges)]
    assert not problems, "docs/architecture.md target graph differs from Package.swift:\n" + "\n".join(problems)


def test_ground_layers_depend_inward_only():
    """GroundCore has no I/O dependency; store, link, notify and HTTP meet only in GroundCore; groundctl reaches
    the server through the API types only."""
    targets = {t["name"]: t for t in dump_targets()}

    def dependencies(name):
        found = set()
        for dependency in targets[name]["dependencies"]:
            for kind in ("byName", "target", "product"):
                if kind in dependency:
                    found.add(dependency[kind][0])
        return found

    core = dependencies("GroundCore")
    assert core <= {"FleetProtocol", "Logging"}, f"GroundCore must depend on FleetProtocol and Logging only, has {sorted(core)}"
    for name, forbidden in [("GroundStore", {"GroundLink", "GroundNotify", "GroundHTTP", "GroundControl"}),
                            ("GroundLink", {"GroundStore", "GroundNotify", "GroundHTTP", "GroundControl"}),
                            ("GroundNotify", {"GroundStore", "GroundLink", "GroundHTTP", "GroundControl"}),
                            ("GroundHTTP", {"GroundStore", "GroundLink", "GroundNotify", "GroundControl"}),
                            ("GroundAPIModel", {"GroundStore", "GroundLink", "GroundHTTP", "GroundControl"}),
                            ("groundctl", {"GroundStore", "GroundLink", "GroundHTTP", "GroundControl"}),
                            ("scheduler-bench", {"GroundStore", "GroundLink", "GroundHTTP", "GroundControl"}),
                            ("day-bench", {"GroundStore", "GroundLink", "GroundHTTP", "GroundControl"})]:
        wrong = dependencies(name) & forbidden
        assert not wrong, f"{name} must not depend on {sorted(wrong)}"
