"""docs/benchmarks.md is shared by every benchmark: each owns one section between
`<!-- NAME:begin -->` and `<!-- NAME:end -->` and replaces only that.

A section may carry its figures against their goals as one `<!-- summary: [...] -->` line (JSON,
see `summary_line`); `benchmarks/run-all` collects those into the overview at the top, so the
summary is always the one the sections below were generated with.
"""
import json
import os
import platform
import re
import statistics

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
SUMMARY = re.compile(r"<!-- summary: (\[.*?\]) -->")


def _markers(name):
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def write_section(name, body, first=False):
    """Replaces (or adds) section NAME; BODY is the text inside the markers (markers optional).
    A new section goes to the end, or right under the title with `first`."""
    begin, end = _markers(name)
    body = body.strip()
    if body.startswith(begin):
        body = body[len(begin):]
    if body.endswith(end):
        body = body[: -len(end)]
    block = f"{begin}\n{body.strip()}\n{end}"
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    text = open(DOC).read() if os.path.exists(DOC) else "# SkyRelay benchmarks\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    elif first:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{block}\n\n{rest.lstrip()}"
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(DOC, "w") as f:
        f.write(text)


def summaries():
    """Every section's summary rows, in document order: (section name, row dict)."""
    text = open(DOC).read() if os.path.exists(DOC) else ""
    rows = []
    for match in re.finditer(r"<!-- (\S+):begin -->(.*?)<!-- \1:end -->", text, re.S):
        for line in SUMMARY.finditer(match.group(2)):
            rows += [(match.group(1), row) for row in json.loads(line.group(1))]
    return rows


def goal_row(figure, value, goal, met):
    """One summary row: FIGURE measured as VALUE (text) against GOAL (text); MET True/False/None (not measured)."""
    return {"figure": figure, "value": value, "goal": goal, "met": met}


def summary_line(rows):
    return f"<!-- summary: {json.dumps(rows, ensure_ascii=False)} -->"


def mark(met):
    return "n/a" if met is None else ("**met**" if met else "**not met**")


def stats(values):
    """(median, min, max) of a non-empty sequence."""
    values = list(values)
    return statistics.median(values), min(values), max(values)


def spread(values, fmt="{:,.0f}"):
    """`median (min–max)` of VALUES, or `-` when empty."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    med, lo, hi = stats(values)
    return f"{fmt.format(med)} ({fmt.format(lo)}–{fmt.format(hi)})"


def _os_release():
    try:
        with open("/etc/os-release") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        return fields.get("PRETTY_NAME", "").strip('"') or platform.system()
    except OSError:
        return platform.system()


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine(load_when="at the end"):
    """One line about the host: CPU model, cores, OS, kernel, and the load average now."""
    one, five, fifteen = os.getloadavg()
    return (f"{_cpu_model()}, {os.cpu_count()} cores, {_os_release()}, Linux {platform.release()}; "
            f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) {load_when}")
