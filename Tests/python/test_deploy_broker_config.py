"""deploy/broker/mosquitto.conf: the real mosquitto accepts it (adapted only in ports and paths, see
scripts/skyrelay_lab/deploy_broker.py), every listener is locked down, and the credential script's reload story works."""
import os
import re
import signal
import time

import pytest

from skyrelay_lab.broker import issue_credentials
from skyrelay_lab.deploy_broker import BROKER_DIR, DeployBroker as Broker
from skyrelay_lab.net import accepts_connections
from skyrelay_lab.paths import system_tool
from mqtt_support import Client, ConnectRefused

CONF = open(os.path.join(BROKER_DIR, "mosquitto.conf")).read()


def listener_blocks():
    """{port: {option: value}} for each `listener` section of the deployed file."""
    blocks, current = {}, None
    for line in CONF.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        if key == "listener":
            current = blocks.setdefault(int(value.split()[0]), {"bind": value.split()[1:]})
        elif current is not None and key in ("allow_anonymous", "password_file", "acl_file", "cafile", "certfile",
                                            "keyfile", "tls_version", "require_certificate",
                                            "use_username_as_clientid"):
            current[key] = value.strip()
    return blocks


@pytest.fixture
def broker(tmp_path):
    b = Broker(str(tmp_path), ["drone-a"], ["ground"])
    b.start()
    yield b
    b.stop()


def test_the_deployed_config_starts_cleanly(broker):
    time.sleep(0.2)
    assert broker.process.running
    log = broker.log()
    # OpenSSL lines come from the readiness probe closing its bare TLS handshake early.
    errors = [line for line in log.splitlines() if "Error" in line and "OpenSSL Error" not in line]
    assert not errors, log
    for port in (broker.plain_port, broker.tls_port, broker.services_port):
        assert accepts_connections(port), port


def test_every_listener_requires_a_password_and_the_acl():
    assert re.search(r"^per_listener_settings true$", CONF, re.M)
    blocks = listener_blocks()
    assert set(blocks) == {1883, 8883, 8884}
    for port, block in blocks.items():
        assert block["allow_anonymous"] == "false", port
        # Patterns apply to every user a listener admits: only the drones' listener may have them.
        expected = "drones.acl" if port == 8883 else "services.acl"
        assert block["acl_file"] == f"/etc/mosquitto/skyrelay/{expected}", port
        assert block["password_file"].startswith("/etc/mosquitto/skyrelay/"), port


def test_plaintext_only_on_loopback_and_tls_elsewhere():
    blocks = listener_blocks()
    assert blocks[1883]["bind"] == ["127.0.0.1"] and "certfile" not in blocks[1883]
    for port in (8883, 8884):
        assert {"cafile", "certfile", "keyfile"} <= blocks[port].keys(), port
        assert blocks[port]["tls_version"] in ("tlsv1.2", "tlsv1.3"), port


def test_drones_and_services_use_separate_password_files():
    blocks = listener_blocks()
    assert blocks[8883]["password_file"].endswith("/passwd")
    assert blocks[8883].get("use_username_as_clientid") == "true"
    assert blocks[1883]["password_file"] == blocks[8884]["password_file"]
    assert blocks[8884]["password_file"] != blocks[8883]["password_file"]


def test_sighup_reloads_newly_issued_credentials(broker):
    password = issue_credentials(os.path.join(broker.directory, "passwd"), ["drone-late"])["drone-late"]
    connect_after_reload(broker, "drone-late", password)
    # Rotating a password (issuing the same id again) locks the old one out after the reload.
    rotated = issue_credentials(os.path.join(broker.directory, "passwd"), ["drone-late"])["drone-late"]
    assert rotated != password
    broker.process.send_signal(signal.SIGHUP)
    time.sleep(0.5)
    with pytest.raises(ConnectRefused):
        Client("drone-late", password, port=broker.tls_port, ca_file=broker.ca_file).connect(timeout=2)
    Client("drone-late", rotated, port=broker.tls_port, ca_file=broker.ca_file).connect(timeout=2).close()


def test_revoking_a_drone_cuts_its_live_connection_on_reload(broker):
    import queue
    import subprocess
    drone = Client("drone-a", broker.passwords["drone-a"], port=broker.tls_port, ca_file=broker.ca_file).connect()
    try:
        subprocess.run([system_tool("mosquitto_passwd"), "-D", os.path.join(broker.directory, "passwd"), "drone-a"],
                       check=True, capture_output=True, timeout=30)
        broker.process.send_signal(signal.SIGHUP)
        try:
            drone.disconnects.get(timeout=5)
        except queue.Empty:
            pytest.fail("a revoked drone stayed connected after the reload")
    finally:
        drone.close()
    with pytest.raises(ConnectRefused):
        Client("drone-a", broker.passwords["drone-a"], port=broker.tls_port, ca_file=broker.ca_file).connect(timeout=2)


def test_acl_gives_the_ground_relay_topics_to_the_ground_account_only():
    """The ground-internal relay between instances (skyrelay/ground/...) is readable and writable by the
    ground account; drone pattern rules all stay under skyrelay/drones/%u/ (live check in
    test_broker_security.py)."""
    rules = acl_rules("services.acl") + acl_rules("drones.acl")
    assert ("ground", "readwrite", "skyrelay/#") in rules
    patterns = [r for r in rules if r[0] == "pattern"]
    assert patterns and all(r[2].startswith("skyrelay/drones/%u/") for r in patterns), patterns
    writers = [r for r in rules if r[0] not in ("pattern", "ground") and r[1] != "read"]
    assert not writers, f"only ground writes outside a drone's own topics: {writers}"


def test_no_pattern_reaches_a_service_account():
    """Issue 18: mosquitto applies `pattern` lines to every user of a listener, so with one shared ACL the
    read-only observer could publish as "drone observer". The services' ACL has no pattern, and the
    drones' ACL names no user."""
    assert not [r for r in acl_rules("services.acl") if r[0] == "pattern"]
    assert all(r[0] == "pattern" for r in acl_rules("drones.acl"))
    assert ("observer", "read", "skyrelay/#") in acl_rules("services.acl")
    assert not [r for r in acl_rules("services.acl") if r[0] == "observer" and r[1] != "read"]


def acl_rules(name):
    """(user or "pattern", access, topic) for every rule of deploy/broker/NAME."""
    rules, user = [], None
    for line in open(os.path.join(BROKER_DIR, name)).read().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        if words[0] == "user":
            user = words[1]
        elif words[0] == "pattern":
            rules.append(("pattern", words[1], words[2]))
        elif words[0] == "topic":
            rules.append((user, words[1], words[2]))
    return rules


def test_issue_script_registers_drones_through_ground_and_the_broker_takes_the_password(broker, tmp_path):
    """--ground mode: the drone is registered in ground's registry (the only drones ground believes),
    the password ground issued once goes into the password file, and after a reload it logs in."""
    import subprocess
    from skyrelay_lab.ground import GroundControlProcess
    from skyrelay_lab.paths import bin_dir
    from skyrelay_lab.process import ProcessRegistry
    registry = ProcessRegistry()
    ground = GroundControlProcess(bin_dir() / "ground-control", tmp_path / "ground", broker_url(broker), "ground",
                                  broker.passwords["ground"], registry)
    try:
        ground.start()
        key_file = tmp_path / "operator.key"
        key_file.write_text(ground.operator_key + "\n")
        passwd = os.path.join(broker.directory, "passwd")
        script = [f"{BROKER_DIR}/issue-drone-credentials", "--ground", ground.url, "--operator-key-file", str(key_file), passwd]
        result = subprocess.run(script + ["drone-reg"], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        drone, password = result.stdout.split()
        assert drone == "drone-reg" and len(password) >= 40
        assert [d["droneId"] for d in ground.operator().registered_drones() if d["status"] == "active"] == ["drone-reg"]
        assert "drone-reg:$7$" in open(passwd).read() and password not in open(passwd).read()
        connect_after_reload(broker, "drone-reg", password)
        # Ids are never reused: a second registration is refused by ground and nothing is written.
        before = open(passwd).read()
        again = subprocess.run(script + ["drone-reg"], capture_output=True, text=True, timeout=60)
        assert again.returncode != 0 and "409" in again.stderr, again.stderr
        assert open(passwd).read() == before
        # A wrong operator key registers nothing.
        key_file.write_text("not-the-key\n")
        refused = subprocess.run(script + ["drone-other"], capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "403" in refused.stderr or "401" in refused.stderr, refused.stderr
        assert "drone-other" not in open(passwd).read()
    finally:
        registry.stop_all()


def broker_url(broker):
    """The services listener (ground's and observer's accounts), plain MQTT on loopback."""
    return f"mqtt://127.0.0.1:{broker.services_port}"


def connect_after_reload(broker, drone, password):
    """SIGHUPs the broker and waits until `drone` gets in with `password` (the reload reads the password file)."""
    broker.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 5
    while True:
        try:
            Client(drone, password, port=broker.tls_port, ca_file=broker.ca_file).connect(timeout=2).close()
            return
        except ConnectRefused:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
