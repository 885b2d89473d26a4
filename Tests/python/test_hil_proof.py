"""HIL: proof of delivery through the deployed broker ACLs (the agent uploads on its own `…/proof` topic
as the drone, ground acknowledges on `…/proof-ack`): firmware-sim's MAVLink camera takes the photo at
the drop point, the agent captures and uploads it, ground stores it and serves it. The photo is decoded
by Pillow, an independent PNG decoder, so "a real PNG" is checked by someone else's code.

The first scenario's camera serves its photos over HTTP (`--camera-http-port`, http:// URLs, as real
cameras give), the ground-kill one reports file:// URLs: the agent reads both.
"""
import http.client
import io
import random
import tempfile
import time
from pathlib import Path

from PIL import Image

from hil_support import finish, lab, run, scenario

CAMERA = Path(tempfile.mkdtemp(prefix="skyrelay-camera-"))


def _get_bytes(api, path):
    conn = http.client.HTTPConnection(api.host, api.port, timeout=api.timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {api.key}"})
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        conn.close()


@scenario(weight=1)
def proof_of_delivery():
    with lab("proof_of_delivery", drones=1,
             sim_args=["--camera-dir", str(CAMERA), "--camera-http-port", "0"]) as the_lab:
        business = the_lab.register_business()
        ids = [b.id for b in the_lab.book_random(1, random.Random(7))]
        the_lab.wait_terminal(ids, 150)
        delivery_id = ids[0]
        deadline = time.time() + 60
        proof = None
        while time.time() < deadline:
            response = business.request("GET", f"/v1/deliveries/{delivery_id}/proof", ok=(200, 404))
            if response.status == 200 and response.body["imageStatus"] == "stored":
                proof = response.body
                break
            time.sleep(0.5)
        assert proof is not None, f"no stored proof photo for {delivery_id}"
        assert proof["gripper"]["confirmedBy"] == "mission-progress"
        assert proof["position"]["lat"] and proof["position"]["lon"]
        status, content_type, raw = _get_bytes(business, proof["image"]["url"])
        assert status == 200 and content_type == "image/png", (status, content_type)
        assert len(raw) == proof["image"]["bytes"]
        # What the camera wrote, fetched by the agent from the camera's web server.
        assert raw == next(CAMERA.glob("*.png")).read_bytes()
        for agent in the_lab.agents.values():
            assert "camera image fetch failed" not in agent.process.log_text()
        image = Image.open(io.BytesIO(raw))
        image.load()
        assert image.format == "PNG" and image.size == (320, 240) and image.mode == "RGB"
        # The parcel lies at the centre once released: cardboard-coloured pixels around it.
        cardboard = sum(1 for x in range(140, 180) for y in range(105, 135)
                        if image.getpixel((x, y)) == (176, 128, 72))
        assert cardboard > 100, f"parcel not in the photo ({cardboard} cardboard pixels)"
        # The stamp band at the bottom is black with white text (its second line: the position).
        stamp = [image.getpixel((x, 228)) for x in range(0, 320)]
        assert (255, 255, 255) in stamp and (0, 0, 0) in stamp, "no time/position stamp"
        # The usual end: completed with nothing lost, every process stopped.
        finish(the_lab, ids, {})



CAMERA_KILL = Path(tempfile.mkdtemp(prefix="skyrelay-camera-kill-"))


@scenario(weight=1)
def proof_upload_survives_ground_kill():
    """Ground is killed (-9) while the drone releases and uploads, and comes back: the upload resumes
    from what ground had stored and the proof completes."""
    with lab("proof_ground_kill", drones=1, sim_args=["--camera-dir", str(CAMERA_KILL)]) as the_lab:
        business = the_lab.register_business()
        ids = [b.id for b in the_lab.book_random(1, random.Random(9))]
        the_lab.wait_status(ids[0], {"inTransit"}, timeout=120)
        the_lab.ground.process.kill9()
        deadline = time.time() + 120
        while time.time() < deadline and not list(CAMERA_KILL.glob("*.png")):
            time.sleep(0.2)
        assert list(CAMERA_KILL.glob("*.png")), "the camera took no photo"
        time.sleep(1)
        the_lab.ground.start()
        the_lab.wait_terminal(ids, 150)
        deadline = time.time() + 60
        proof = None
        while time.time() < deadline:
            response = business.request("GET", f"/v1/deliveries/{ids[0]}/proof", ok=(200, 404))
            if response.status == 200 and response.body["imageStatus"] == "stored":
                proof = response.body
                break
            time.sleep(0.5)
        assert proof is not None, "the proof never completed after ground came back"
        status, _, raw = _get_bytes(business, proof["image"]["url"])
        original = next(CAMERA_KILL.glob("*.png")).read_bytes()
        assert status == 200 and raw == original
        Image.open(io.BytesIO(raw)).load()
        finish(the_lab, ids, {})


def test_proof_of_delivery():
    run("proof_of_delivery")


def test_proof_upload_survives_ground_kill():
    run("proof_upload_survives_ground_kill")
