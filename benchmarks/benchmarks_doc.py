"""docs/benchmarks.md is shared by every benchmark: each owns one section between
`<!-- NAME:begin -->` and `<!-- NAME:end -->` and replaces only that."""
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def write_section(name, body):
    """Replaces (or appends) section NAME; BODY is the text inside the markers (markers optional)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    body = body.strip()
    if body.startswith(begin):
        body = body[len(begin):]
    if body.endswith(end):
        body = body[: -len(end)]
    block = f"{begin}\n{body.strip()}\n{end}"
    path = os.path.join(ROOT, "docs", "benchmarks.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = open(path).read() if os.path.exists(path) else "# SkyRelay benchmarks\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)
