"""The long flags a swift-argument-parser command declares, read from its Swift sources, so the deploy
files (Dockerfile CMD, Kubernetes args, systemd units) can be checked against the real programs."""
import glob
import os
import re

from skyrelay_lab.paths import REPO

_PROPERTY = re.compile(r"@(Option|Flag)\s*(\((?P<args>(?:[^()]|\([^()]*\))*)\))?\s*(?:public\s+)?var\s+(?P<name>\w+)")


def kebab(name):
    """swift-argument-parser's default long name: mqttURL -> mqtt-url, httpPort -> http-port."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    return name.lower()


def swift_cli_flags(directory):
    """Set of "--flags" declared under REPO/directory (fails if it declares none)."""
    sources = glob.glob(os.path.join(REPO, directory, "**", "*.swift"), recursive=True)
    texts = [open(p).read() for p in sources]
    flags = set()
    for text in texts:
        for match in _PROPERTY.finditer(text):
            args = match.group("args") or ""
            custom = re.search(r'\.customLong\("([^"]+)"\)|\.long\("([^"]+)"\)', args)
            flags.add("--" + (next(g for g in custom.groups() if g) if custom else kebab(match.group("name"))))
    assert flags, f"no swift-argument-parser flags found under {directory}"
    return flags
