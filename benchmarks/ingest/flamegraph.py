#!/usr/bin/env python3
"""A flame graph from `perf script` output: folds each sampled stack (root first), demangles Swift
symbols with `swift demangle --simplified`, and draws an SVG (one box per frame, width = share of the
samples, a tooltip with the count). Also answers the heaviest frames, self and inclusive.

    perf script -i perf.data | python3 benchmarks/ingest/flamegraph.py --title "..." -o docs/x.svg
"""
import argparse
import collections
import html
import re
import shutil
import subprocess
import sys
import zlib

FRAME = re.compile(r"^\s*[0-9a-f]+\s+(.+?)\s+\((.*)\)\s*$")


def fold(lines):
    """{(frame, ...) root first: samples} from perf script text."""
    stacks = collections.Counter()
    frames = []
    header = None
    for line in list(lines) + [""]:
        if not line.strip():
            if header is not None:
                stacks[tuple(reversed(frames)) or ("[unknown]",)] += 1
            header, frames = None, []
            continue
        if header is None and not line.startswith((" ", "\t")):
            header = line
            continue
        match = FRAME.match(line)
        if match:
            symbol, dso = match.groups()
            symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
            if symbol == "[unknown]":
                symbol = f"[{dso.rsplit('/', 1)[-1]}]"
            frames.append(symbol)
    return stacks


def demangle(stacks):
    """Swift names readable, through one `swift demangle` process for every distinct symbol."""
    tool = shutil.which("swift-demangle") or shutil.which("swift")
    symbols = sorted({f for stack in stacks for f in stack})
    if not tool or not symbols:
        return stacks
    argv = [tool, "--simplified"] if tool.endswith("swift-demangle") else [tool, "demangle", "--simplified"]
    out = subprocess.run(argv, input="\n".join(symbols) + "\n", capture_output=True, text=True).stdout.splitlines()
    if len(out) != len(symbols):
        return stacks
    names = {s: (d[:200] if d else s) for s, d in zip(symbols, out)}
    folded = collections.Counter()
    for stack, count in stacks.items():
        folded[tuple(names[f] for f in stack)] += count
    return folded


def heaviest(stacks, n=15):
    """The N frames with most samples on top of the stack (self) and anywhere in it (inclusive)."""
    total = sum(stacks.values()) or 1
    own, inclusive = collections.Counter(), collections.Counter()
    for stack, count in stacks.items():
        own[stack[-1]] += count
        for frame in set(stack):
            inclusive[frame] += count
    return ([(f, c / total) for f, c in own.most_common(n)], [(f, c / total) for f, c in inclusive.most_common(n)])


def svg(stacks, title, width=1200, row=16):
    """The flame graph: root at the bottom, children above, in name order; widths by samples."""
    tree = {}
    for stack, count in stacks.items():
        node = tree
        for frame in stack:
            entry = node.setdefault(frame, [0, {}])
            entry[0] += count
            node = entry[1]
    total = sum(stacks.values()) or 1
    depth = max((len(s) for s in stacks), default=1)
    height = (depth + 3) * row
    boxes = []

    def draw(node, x, level):
        for frame in sorted(node):
            count, children = node[frame]
            w = count / total * (width - 20)
            if w >= 0.3:
                y = height - (level + 2) * row
                hue = 10 + zlib.crc32(frame.encode()) % 40
                label = html.escape(frame)
                text = html.escape(frame[: int(w / 6.5)]) if w > 20 else ""
                boxes.append(
                    f'<g><title>{label} ({count} samples, {count / total:.2%})</title>'
                    f'<rect x="{x + 10:.1f}" y="{y}" width="{max(w - 0.5, 0.1):.1f}" height="{row - 1}" '
                    f'fill="hsl({hue},85%,60%)"/>'
                    + (f'<text x="{x + 13:.1f}" y="{y + row - 4}">{text}</text>' if text else "") + "</g>")
                draw(children, x, level + 1)
            x += w

    draw(tree, 0, 0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'font-family="monospace" font-size="11">\n'
            f'<rect width="100%" height="100%" fill="#fdfdf6"/>\n'
            f'<text x="10" y="{row}" font-size="13">{html.escape(title)} ({total} samples)</text>\n'
            + "\n".join(boxes) + "\n</svg>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", nargs="?", help="perf script output (default: stdin)")
    parser.add_argument("-o", "--output", required=True, help="SVG to write")
    parser.add_argument("--title", default="CPU flame graph")
    args = parser.parse_args()
    lines = open(args.input).read().splitlines() if args.input else sys.stdin.read().splitlines()
    stacks = demangle(fold(lines))
    with open(args.output, "w") as f:
        f.write(svg(stacks, args.title))
    own, inclusive = heaviest(stacks)
    print("self:", *[f"  {share:6.1%}  {frame}" for frame, share in own], sep="\n")
    print("inclusive:", *[f"  {share:6.1%}  {frame}" for frame, share in inclusive], sep="\n")


if __name__ == "__main__":
    main()
