"""firmware-sim's MAVLink camera seen by pymavlink (an independent implementation), as a ground station
sees a real camera component: its own HEARTBEAT (MAV_TYPE_CAMERA), COMMAND_ACK from component 100 to
MAV_CMD_IMAGE_START_CAPTURE, then CAMERA_IMAGE_CAPTURED with a file URL; the PNG there is decoded by
Pillow and shows the parcel once the gripper has released it. With --camera-http-port the URL is the
camera's own web server (http://), read with urllib."""
import io
import os
import re
import socket
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("MAVLINK20", "1")

from PIL import Image  # noqa: E402
from pymavlink import mavutil  # noqa: E402

from sim_support import firmware_sim  # noqa: E402

mav = mavutil.mavlink
CAMERA = mav.MAV_COMP_ID_CAMERA


def wait(master, type_, predicate=lambda m: True, timeout=10):
    message = master.recv_match(type=type_, blocking=True, timeout=timeout, condition=None)
    while message is not None and not predicate(message):
        message = master.recv_match(type=type_, blocking=True, timeout=timeout)
    assert message is not None, f"no {type_}"
    return message


def command(master, target_component, cmd, *params):
    p = list(params) + [0] * (7 - len(params))
    master.mav.command_long_send(1, target_component, cmd, 0, *p)
    return wait(master, "COMMAND_ACK", lambda m: m.command == cmd)


def test_camera_component_takes_a_real_png_of_the_drop_point():
    directory = tempfile.mkdtemp(prefix="sim-camera-")
    with firmware_sim("--camera-dir", directory, speed=10) as sim:
        master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{sim.ports[0]}", source_system=255)
        master.mav.heartbeat_send(mav.MAV_TYPE_GCS, mav.MAV_AUTOPILOT_INVALID, 0, 0, 0)
        camera = wait(master, "HEARTBEAT", lambda m: m.get_srcComponent() == CAMERA)
        assert camera.type == mav.MAV_TYPE_CAMERA and camera.autopilot == mav.MAV_AUTOPILOT_INVALID

        # Load and release a parcel on the ground (DO_GRIPPER is the autopilot's, component 1).
        assert command(master, 1, mav.MAV_CMD_DO_GRIPPER, 1, 1).result == mav.MAV_RESULT_ACCEPTED
        assert command(master, 1, mav.MAV_CMD_DO_GRIPPER, 1, 0).result == mav.MAV_RESULT_ACCEPTED

        ack = command(master, CAMERA, mav.MAV_CMD_IMAGE_START_CAPTURE, 0, 0, 1, 1)
        assert ack.result == mav.MAV_RESULT_ACCEPTED and ack.get_srcComponent() == CAMERA
        captured = wait(master, "CAMERA_IMAGE_CAPTURED")
        assert captured.get_srcComponent() == CAMERA and captured.capture_result == 1
        assert captured.image_index == 0 and captured.time_utc > 0
        assert abs(captured.lat / 1e7 - 47.397742) < 0.001 and abs(captured.lon / 1e7 - 8.545594) < 0.001
        url = urlparse(captured.file_url)
        assert url.scheme == "file" and url.path.startswith(directory), captured.file_url
        with open(url.path, "rb") as f:
            image = Image.open(io.BytesIO(f.read()))
            image.load()
        assert image.format == "PNG" and image.size == (320, 240)
        cardboard = sum(1 for x in range(140, 180) for y in range(105, 135) if image.getpixel((x, y)) == (176, 128, 72))
        assert cardboard > 100, "the released parcel is in the photo"

        # Interval capture is not a mode this camera has; CAMERA_INFORMATION comes on request.
        assert command(master, CAMERA, mav.MAV_CMD_IMAGE_START_CAPTURE, 0, 1, 0, 0).result == mav.MAV_RESULT_DENIED
        assert command(master, CAMERA, mav.MAV_CMD_REQUEST_MESSAGE,
                       mav.MAVLINK_MSG_ID_CAMERA_INFORMATION).result == mav.MAV_RESULT_ACCEPTED
        # It may come before or with the ack (recv_match skipped it there); pymavlink keeps the last one.
        info = master.messages.get("CAMERA_INFORMATION") or wait(master, "CAMERA_INFORMATION")
        assert info.resolution_h == 320 and info.flags & mav.CAMERA_CAP_FLAGS_CAPTURE_IMAGE


def control(sim, line):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(5)
        s.sendto(line.encode(), ("127.0.0.1", sim.control))
        return s.recv(65536).decode()


def test_camera_web_server_serves_the_photo_at_the_reported_http_url():
    directory = tempfile.mkdtemp(prefix="sim-camera-http-")
    with firmware_sim("--camera-dir", directory, "--camera-http-port", "0", speed=10) as sim:
        port = int(re.search(r"^camera http 127\.0\.0\.1:(\d+)", Path(sim.log).read_text(), re.M).group(1))
        master = mavutil.mavlink_connection(f"udpout:127.0.0.1:{sim.ports[0]}", source_system=255)
        master.mav.heartbeat_send(mav.MAV_TYPE_GCS, mav.MAV_AUTOPILOT_INVALID, 0, 0, 0)
        wait(master, "HEARTBEAT", lambda m: m.get_srcComponent() == CAMERA)
        ack = command(master, CAMERA, mav.MAV_CMD_IMAGE_START_CAPTURE, 0, 0, 1, 1)
        assert ack.result == mav.MAV_RESULT_ACCEPTED
        captured = wait(master, "CAMERA_IMAGE_CAPTURED")
        assert captured.capture_result == 1
        url = urlparse(captured.file_url)
        assert url.scheme == "http" and url.hostname == "127.0.0.1" and url.port == port, captured.file_url
        with urllib.request.urlopen(captured.file_url, timeout=5) as response:
            assert response.status == 200 and response.headers["Content-Type"] == "image/png"
            body = response.read()
        assert body == (Path(directory) / Path(url.path).name).read_bytes()
        image = Image.open(io.BytesIO(body))
        image.load()
        assert image.format == "PNG" and image.size == (320, 240)

        # Only the camera's own photos: no other name, no way out of its directory, GET and HEAD only.
        for path in ["/nothing.png", "/..%2Fetc%2Fpasswd", "/../x", "/"]:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
                raise AssertionError(f"{path} served")
            except urllib.error.HTTPError as e:
                assert e.code == 404, (path, e.code)
        try:
            urllib.request.urlopen(urllib.request.Request(captured.file_url, data=b"x", method="POST"), timeout=5)
            raise AssertionError("POST served")
        except urllib.error.HTTPError as e:
            assert e.code == 405 and "GET" in e.headers["Allow"]

        # The server goes down: the URL stays, nobody answers there any more.
        assert control(sim, "camera-http stop").strip() == "ok"
        try:
            urllib.request.urlopen(captured.file_url, timeout=5)
            raise AssertionError("server still answering")
        except urllib.error.URLError as e:
            assert isinstance(e.reason, ConnectionRefusedError), e
        assert sim.process.poll() is None
