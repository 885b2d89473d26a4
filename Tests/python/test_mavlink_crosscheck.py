"""pymavlink-side checks of the Swift MAVLink codec that need no Swift build.

The two-way frame cross-check runs from the Swift tests (MAVLinkCrossCheckTests), which call
mavlink_crosscheck.py; here we check the generated Swift definitions against pymavlink's and that the
harness itself is sound.
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mavlink_crosscheck as xc  # noqa: E402

GENERATED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Sources", "MAVLink",
                         "Generated", "Messages")


def generated_messages():
    for path in sorted(glob.glob(os.path.join(GENERATED, "*.swift"))):
        text = open(path).read()
        yield {
            "path": os.path.basename(path),
            "id": int(re.search(r"messageID: UInt32 = (\d+)", text).group(1)),
            "name": re.search(r'messageName = "(\w+)"', text).group(1),
            "crc_extra": int(re.search(r"crcExtra: UInt8 = (\d+)", text).group(1)),
            "max_length": int(re.search(r"maxPayloadLength = (\d+)", text).group(1)),
            "fields": re.findall(r'MAVLinkFieldDescriptor\(name: "(\w+)"', text),
        }


def test_every_listed_message_is_generated():
    names = {m["name"] for m in generated_messages()}
    assert set(xc.generated_message_names()) == names
    for required in ["HEARTBEAT", "SYS_STATUS", "GPS_RAW_INT", "ATTITUDE", "GLOBAL_POSITION_INT",
                     "BATTERY_STATUS", "HOME_POSITION", "EXTENDED_SYS_STATE", "STATUSTEXT", "COMMAND_LONG",
                     "COMMAND_ACK", "MISSION_COUNT", "MISSION_REQUEST_INT", "MISSION_ITEM_INT", "MISSION_ACK",
                     "MISSION_CURRENT", "MISSION_ITEM_REACHED", "MISSION_CLEAR_ALL", "SET_MODE"]:
        assert required in names


def test_crc_extra_wire_order_and_length_match_pymavlink():
    for message in generated_messages():
        cls = xc.mavlink.mavlink_map[message["id"]]
        assert cls.msgname == message["name"], message["path"]
        assert cls.crc_extra == message["crc_extra"], message["path"]
        assert cls.unpacker.size == message["max_length"], message["path"]
        assert list(cls.ordered_fieldnames) == message["fields"], message["path"]


def test_harness_round_trips_through_pymavlink(tmp_path):
    cases = xc.encode(str(tmp_path), seed=7)
    assert any(c["truncated"] for c in cases)
    assert xc.decode(str(tmp_path)) == []


def test_harness_detects_a_corrupted_expectation(tmp_path):
    import json
    xc.encode(str(tmp_path), seed=7)
    path = tmp_path / "expected.json"
    cases = json.loads(path.read_text())
    field = next(iter(cases[0]["fields"]))
    cases[0]["fields"][field] = "i:-12345"
    path.write_text(json.dumps(cases))
    assert xc.decode(str(tmp_path)) != []
