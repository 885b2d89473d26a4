"""Issue 11 point 2: the deployed broker configuration (deploy/broker) end to end.

One real Mosquitto runs deploy/broker/mosquitto.conf and deploy/broker/drones.acl / services.acl (ports and paths moved
to a temp dir, see scripts/skyrelay_lab/deploy_broker.py) with credentials issued by deploy/broker/issue-drone-credentials.
Drones speak MQTT v5 over TLS to the 8883-equivalent listener, ground and observer over TLS to the
8884-equivalent one (or the loopback 1883-equivalent one where a test says so). "Never sees it" is checked without
sleeping on hope: the forbidden message is followed, on the same connection, by an allowed marker;
the broker handles one connection's packets in order, so once the watcher has the marker it would
already have had the forbidden message.
"""
import socket
import ssl
import uuid

import pytest

from skyrelay_lab.deploy_broker import BROKER_DIR, DeployBroker as Broker
from skyrelay_lab.broker import issue_credentials
from mqtt_support import Client, ConnectRefused, is_granted, raw_connect_answer

A, B = "drone-a", "drone-b"
SERVICES = ("ground", "observer")


def topic(drone, kind):
    return f"skyrelay/drones/{drone}/{kind}"


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    b = Broker(str(tmp_path_factory.mktemp("broker")), [A, B], list(SERVICES))
    b.start()
    yield b
    b.stop()


@pytest.fixture
def connect(broker):
    opened = []

    def open_client(user, password=None, listener=None, client_id=None):
        """listener: "drones" (TLS), "services" (TLS) or "loopback" (plain); by default the user's own."""
        password = broker.passwords[user] if password is None and user in broker.passwords else password
        listener = listener or ("services" if user in SERVICES else "drones")
        port = {"drones": broker.tls_port, "services": broker.services_port, "loopback": broker.plain_port}[listener]
        c = Client(user, password, port=port, ca_file=None if listener == "loopback" else broker.ca_file,
                   client_id=client_id)
        opened.append(c)
        return c.connect()

    yield open_client
    for c in opened:
        c.close()


def unique(label):
    return f"{label}-{uuid.uuid4().hex[:8]}".encode()


def seen_before_marker(sender, watcher, marker_topic, label="marker"):
    """Publishes a fresh marker from `sender` on `marker_topic` and returns what `watcher` received
    before it (see the module docstring: the marker closes the loop without sleeping on hope)."""
    marker = unique(label)
    sender.publish(marker_topic, marker)
    return watcher.expect(marker_topic, marker)


def test_issued_credentials_are_random_and_hashed(broker):
    assert len(set(broker.passwords.values())) == 4
    assert all(len(p) == 32 for p in broker.passwords.values())
    text = open(f"{broker.directory}/passwd").read() + open(f"{broker.directory}/services.passwd").read()
    for user, password in broker.passwords.items():
        assert f"{user}:$7$" in text, "mosquitto_passwd should store a PBKDF2-SHA512 hash"
        assert password not in text


def test_issue_script_rejects_ids_that_could_escape_the_acl_pattern(tmp_path):
    import subprocess
    for bad in ("drone/x", "drone+", "#", "a" * 65, ""):
        # A valid id first: nothing at all may be issued when any id is bad.
        result = subprocess.run([f"{BROKER_DIR}/issue-drone-credentials", str(tmp_path / "p"), "drone-ok", bad],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode != 0, bad
    assert not (tmp_path / "p").exists() or (tmp_path / "p").read_text() == ""


def test_drone_publishes_its_own_topics_and_ground_reads_everything(connect):
    ground = connect("ground")
    assert is_granted(ground.subscribe("skyrelay/#"))
    drone = connect(A)
    for kind in ("telemetry", "events", "state", "replies", "proof", "mavlink/up"):
        payload = unique(kind)
        reason = drone.publish(topic(A, kind), payload, retain=(kind == "state"))
        assert not reason.is_failure, f"{kind}: {reason}"
        ground.expect(topic(A, kind), payload)


def test_drone_reads_its_own_commands_from_ground(connect):
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "commands")))
    ground = connect("ground")
    payload = unique("assign")
    assert not ground.publish(topic(A, "commands"), payload).is_failure
    drone.expect(topic(A, "commands"), payload)


def test_drone_reads_its_own_proof_acks_from_ground_and_cannot_forge_them(connect):
    """Proof of delivery: only ground acknowledges an upload (a drone forging its own acks would mark a
    photo stored that ground never got), and a drone reads only its own acks."""
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "proof-ack")))
    spy = connect(B)
    spy.subscribe(topic(A, "proof-ack"))
    assert is_granted(spy.subscribe(topic(B, "proof-ack")))
    forged = unique("forged-ack")
    drone.publish(topic(A, "proof-ack"), forged)
    ground = connect("ground")
    genuine = unique("proof-ack")
    assert not ground.publish(topic(A, "proof-ack"), genuine).is_failure
    seen = drone.expect(topic(A, "proof-ack"), genuine)
    assert not [m for m in seen if m[1] == forged], seen
    seen_b = seen_before_marker(ground, spy, topic(B, "proof-ack"))
    assert not [m for m in seen_b if f"/{A}/" in m[0]], seen_b


def test_drone_reads_its_own_mavlink_tunnel_from_ground_only(connect):
    """Remote MAVLink sessions: only ground writes a drone's `mavlink/down` (what reaches its autopilot),
    and a drone reads only its own."""
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "mavlink/down")))
    spy = connect(B)
    spy.subscribe(topic(A, "mavlink/down"))
    assert is_granted(spy.subscribe(topic(B, "mavlink/down")))
    ground = connect("ground")
    forged = unique("forged-frames")
    spy.publish(topic(A, "mavlink/down"), forged)
    genuine = unique("frames")
    assert not ground.publish(topic(A, "mavlink/down"), genuine).is_failure
    seen = drone.expect(topic(A, "mavlink/down"), genuine)
    assert not [m for m in seen if m[1] == forged], seen
    seen_b = seen_before_marker(ground, spy, topic(B, "mavlink/down"))
    assert not [m for m in seen_b if f"/{A}/" in m[0]], seen_b


def test_drone_cannot_publish_on_another_drones_topics(connect):
    watcher_b = connect(B)
    assert is_granted(watcher_b.subscribe(topic(B, "commands")))
    ground = connect("ground")
    assert is_granted(ground.subscribe("skyrelay/#"))
    attacker = connect(A)
    forged = unique("forged")
    for kind in ("telemetry", "events", "state", "replies", "commands", "proof", "proof-ack", "mavlink/up",
                 "mavlink/down"):
        attacker.publish(topic(B, kind), forged)
    seen = seen_before_marker(attacker, ground, topic(A, "telemetry"))
    assert not [m for m in seen if m[1] == forged], seen
    # B's own subscriber: the marker on A's topic does not reach B, so close the loop with ground.
    seen_b = seen_before_marker(ground, watcher_b, topic(B, "commands"), "check")
    assert not [m for m in seen_b if m[1] == forged], seen_b


def test_drone_cannot_read_another_drones_commands_or_data(connect):
    spy = connect(A)
    spy.subscribe(topic(B, "commands"))
    spy.subscribe("skyrelay/#")  # a wildcard must not widen what A may read
    assert is_granted(spy.subscribe(topic(A, "commands")))
    drone_b = connect(B)
    secret = unique("for-b")
    drone_b.publish(topic(B, "telemetry"), secret)
    drone_b.publish(topic(B, "state"), secret, retain=True)
    ground = connect("ground")
    ground.publish(topic(B, "commands"), secret)
    seen = seen_before_marker(ground, spy, topic(A, "commands"))
    assert not [m for m in seen if m[1] == secret or f"/{B}/" in m[0]], seen
    # A late subscriber must not be handed B's retained state either.
    late = connect(A)
    late.subscribe(topic(B, "state"))
    assert is_granted(late.subscribe(topic(A, "commands")))
    seen = seen_before_marker(ground, late, topic(A, "commands"))
    assert not [m for m in seen if f"/{B}/" in m[0]], seen


def test_drone_cannot_command_itself(connect):
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "commands")))
    ground = connect("ground")
    assert is_granted(ground.subscribe(topic(A, "#")))
    forged = unique("self-command")
    drone.publish(topic(A, "commands"), forged)
    seen = seen_before_marker(drone, ground, topic(A, "telemetry"))
    assert not [m for m in seen if m[1] == forged], seen
    seen = seen_before_marker(ground, drone, topic(A, "commands"), "genuine")
    assert not [m for m in seen if m[1] == forged], seen


def test_observer_reads_but_cannot_command(connect):
    observer = connect("observer")
    assert is_granted(observer.subscribe("skyrelay/#"))
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "commands")))
    forged = unique("observer-command")
    observer.publish(topic(A, "commands"), forged)
    telemetry = unique("telemetry")
    drone.publish(topic(A, "telemetry"), telemetry)
    observer.expect(topic(A, "telemetry"), telemetry)
    genuine = unique("genuine")
    connect("ground").publish(topic(A, "commands"), genuine)
    seen = drone.expect(topic(A, "commands"), genuine)
    assert not [m for m in seen if m[1] == forged], seen



@pytest.mark.parametrize("listener", ["services", "loopback"])
def test_observer_cannot_act_as_a_drone(connect, listener):
    """Issue 18: with one ACL for every listener, the drone `pattern` lines applied to `observer` too, and it
    published state, telemetry, events and replies as "drone observer" (ground listed it and gave it a
    delivery). Now the broker refuses each publish and none of it reaches ground, retained state included."""
    ground = connect("ground")
    assert is_granted(ground.subscribe("skyrelay/#"))
    observer = connect("observer", listener=listener)
    forged = unique("as-a-drone")
    for kind in ("telemetry", "events", "state", "replies"):
        # QoS 1: the PUBACK comes after the broker has decided, so the marker below is ordered after it.
        reason = observer.publish(topic("observer", kind), forged, retain=(kind == "state"))
        assert reason.is_failure, f"{kind}: {reason}"
    seen = seen_before_marker(connect(A), ground, topic(A, "telemetry"))
    assert not [m for m in seen if m[1] == forged], seen
    fresh = connect("ground")
    assert is_granted(fresh.subscribe(topic("observer", "state")))
    assert is_granted(fresh.subscribe(topic(A, "telemetry")))
    seen = seen_before_marker(connect(A), fresh, topic(A, "telemetry"))
    assert not [m for m in seen if m[0] == topic("observer", "state")], "a retained state was stored"

LISTENERS = ["drones", "services", "loopback"]


@pytest.mark.parametrize("listener", LISTENERS)
def test_anonymous_is_refused(connect, listener):
    with pytest.raises(ConnectRefused):
        connect(None, listener=listener)


@pytest.mark.parametrize("listener", LISTENERS)
def test_wrong_password_is_refused(connect, broker, listener):
    user, other = (A, B) if listener == "drones" else ("ground", "observer")
    with pytest.raises(ConnectRefused):
        connect(user, password=broker.passwords[other], listener=listener)
    with pytest.raises(ConnectRefused):
        connect("no-such-account", password=broker.passwords[user], listener=listener)


@pytest.mark.parametrize("listener", ["services", "loopback"])
def test_drone_accounts_only_work_on_the_drone_listener(connect, listener):
    with pytest.raises(ConnectRefused):
        connect(A, listener=listener)
    with pytest.raises(ConnectRefused):
        connect("ground", listener="drones")


def test_drone_cannot_take_over_another_drones_client_id(connect):
    victim = connect(B, client_id=B)
    assert is_granted(victim.subscribe(topic(B, "commands")))
    impostor = connect(A, client_id=B)
    # The impostor's session is really A's: it can speak on A's topics only.
    ground = connect("ground")
    assert is_granted(ground.subscribe("skyrelay/#"))
    marker = unique("impostor")
    impostor.publish(topic(A, "telemetry"), marker)
    ground.expect(topic(A, "telemetry"), marker)
    # ...and B was not knocked off: it still has its session and receives its commands.
    assert victim.disconnects.empty(), victim.disconnects.get_nowait()
    command = unique("for-b")
    ground.publish(topic(B, "commands"), command)
    victim.expect(topic(B, "commands"), command)
    assert victim.disconnects.empty()


def test_ground_instances_share_the_account_with_distinct_client_ids(connect):
    first, second = connect("ground"), connect("ground")
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "commands")))
    for instance in (first, second):
        payload = unique(instance.client_id)
        assert not instance.publish(topic(A, "commands"), payload).is_failure
        drone.expect(topic(A, "commands"), payload)
    assert first.disconnects.empty() and second.disconnects.empty()


def test_ground_instances_relay_on_ground_topics_drones_cannot(connect):
    """The ground-internal relay (skyrelay/ground/live/<origin>, skyrelay/ground/tracking/<delivery>)
    passes between ground instances; a drone can neither read it nor inject into it."""
    first, second = connect("ground"), connect("ground")
    assert is_granted(first.subscribe("skyrelay/ground/#"))
    live, tracking = unique("live"), unique("tracking")
    second.publish("skyrelay/ground/live/ground-g1", live, qos=0)
    assert not second.publish("skyrelay/ground/tracking/dlv_1", tracking).is_failure
    first.expect("skyrelay/ground/live/ground-g1", live)
    first.expect("skyrelay/ground/tracking/dlv_1", tracking)

    spy = connect(A)
    spy.subscribe("skyrelay/ground/#")
    assert is_granted(spy.subscribe(topic(A, "commands")))
    forged = unique("forged-status")
    spy.publish("skyrelay/ground/tracking/dlv_1", forged)
    spy.publish("skyrelay/ground/live/ground-g1", forged)
    secret = unique("relayed")
    second.publish("skyrelay/ground/tracking/dlv_2", secret)
    marker = unique("marker")
    second.publish(topic(A, "commands"), marker)
    seen = spy.expect(topic(A, "commands"), marker)
    assert not [m for m in seen if m[0].startswith("skyrelay/ground/")], seen
    # The forged updates never reached the instance listening on the relay (same-connection marker).
    assert is_granted(first.subscribe(topic(A, "telemetry")))
    spy.publish(topic(A, "telemetry"), marker)
    seen = first.expect(topic(A, "telemetry"), marker)
    assert not [m for m in seen if m[1] == forged], seen


def test_ground_on_the_loopback_listener(connect):
    ground = connect("ground", listener="loopback")
    drone = connect(A)
    assert is_granted(drone.subscribe(topic(A, "commands")))
    payload = unique("loopback")
    assert not ground.publish(topic(A, "commands"), payload).is_failure
    drone.expect(topic(A, "commands"), payload)


def test_issued_password_file_is_readable_by_the_broker_user_only(tmp_path):
    import grp
    import os
    import stat
    path = tmp_path / "passwd"
    issue_credentials(str(path), ["drone-x"])
    mode = stat.S_IMODE(os.stat(path).st_mode)
    assert mode & 0o007 == 0, oct(mode)
    try:
        group = grp.getgrnam("mosquitto").gr_gid
    except KeyError:
        return
    if os.geteuid() == 0:
        assert os.stat(path).st_gid == group and mode == 0o640, oct(mode)


@pytest.mark.parametrize("listener", ["drones", "services"])
def test_plaintext_mqtt_on_a_tls_listener_is_refused(broker, listener):
    user = A if listener == "drones" else "ground"
    port = broker.tls_port if listener == "drones" else broker.services_port
    # Valid credentials, but no TLS: the broker must never answer with a CONNACK (0x20).
    answer = raw_connect_answer(port, user, broker.passwords[user])
    assert not answer.startswith(b"\x20"), answer
    # And paho without TLS gets no session either.
    with pytest.raises(ConnectRefused):
        Client(user, broker.passwords[user], port=port).connect(timeout=2)


def test_raw_connect_control_on_the_loopback_listener(broker):
    # The raw CONNECT above is well formed: on the plaintext loopback listener it is accepted.
    assert raw_connect_answer(broker.plain_port, "ground", broker.passwords["ground"])[:4] == b"\x20\x02\x00\x00"


def test_tls_listener_rejects_an_untrusted_certificate_chain(broker):
    # The client side of TLS: a client that trusts only the system CAs refuses the test CA's server.
    context = ssl.create_default_context()
    with socket.create_connection(("127.0.0.1", broker.tls_port), timeout=2) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            context.wrap_socket(raw, server_hostname="127.0.0.1")

