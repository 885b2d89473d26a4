#!/usr/bin/env python3
"""Cross-checks SkyRelay's Swift MAVLink codec against pymavlink, an independent implementation.

  mavlink_crosscheck.py encode DIR [--seed N]  pymavlink writes DIR/frames.bin + DIR/expected.json
  mavlink_crosscheck.py decode DIR             pymavlink reads frames Swift wrote and checks every field

expected.json is a list of {"name", "id", "seq", "truncated", "fields": {xml_name: canonical}} where
canonical values compare exactly across languages: "i:<int>", "f:<float32 bits>", "d:<float64 bits>",
"s:<text>", or a list of those for arrays. The Swift tests (MAVLinkCrossCheckTests) drive both
directions; the pytest file beside this one runs pymavlink-only checks on its own.
"""
import importlib.machinery
import importlib.util
import json
import os
import random
import struct
import sys

# ardupilotmega includes common.xml, and carries the dialect messages the generator also takes (WIND).
from pymavlink.dialects.v20 import ardupilotmega as mavlink

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "..", "scripts", "generate-mavlink")

INT_RANGES = {
    "uint8_t": (0, 2**8 - 1), "int8_t": (-2**7, 2**7 - 1), "uint16_t": (0, 2**16 - 1),
    "int16_t": (-2**15, 2**15 - 1), "uint32_t": (0, 2**32 - 1), "int32_t": (-2**31, 2**31 - 1),
    "uint64_t": (0, 2**64 - 1), "int64_t": (-2**63, 2**63 - 1),
}


def generated_message_names():
    """The messages the Swift side generates: the generator's own list, so both stay in step."""
    loader = importlib.machinery.SourceFileLoader("generate_mavlink", GENERATOR)
    spec = importlib.util.spec_from_loader("generate_mavlink", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    names = module.MESSAGES + [n for names in module.DIALECT_MESSAGES.values() for n in names]
    return [n for n in names if hasattr(mavlink, f"MAVLINK_MSG_ID_{n}")]


def message_class(name):
    return mavlink.mavlink_map[getattr(mavlink, f"MAVLINK_MSG_ID_{name}")]


def layout(cls):
    """(name, base type, array length, is extension) in wire order."""
    types = dict(zip(cls.fieldnames, cls.fieldtypes))
    base_count = len(cls.ordered_fieldnames) - len(getattr(cls, "extensions_fields", []) or [])
    extensions = set(getattr(cls, "extensions_fields", []) or [])
    return [(n, types[n], cls.array_lengths[i], n in extensions)
            for i, n in enumerate(cls.ordered_fieldnames)]


def f32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]


def canonical_scalar(value, base):
    if base == "float":
        return "f:%d" % struct.unpack("<I", struct.pack("<f", value))[0]
    if base == "double":
        return "d:%d" % struct.unpack("<Q", struct.pack("<d", value))[0]
    return "i:%d" % int(value)


def canonical(value, base, length):
    if base == "char":
        if isinstance(value, (bytes, bytearray)):
            value = value.split(b"\0")[0].decode("utf-8", "replace")
        return "s:" + value.split("\0")[0]
    if length:
        return [canonical_scalar(v, base) for v in value]
    return canonical_scalar(value, base)


def random_value(rng, base, length, zero):
    if base == "char":
        if zero:
            return ""
        return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _-")
                       for _ in range(rng.randint(1, length)))

    def one():
        if zero:
            return 0
        if base == "float":
            return f32(rng.uniform(-1e6, 1e6))
        if base == "double":
            return rng.uniform(-1e12, 1e12)
        lo, hi = INT_RANGES[base]
        return rng.randint(lo, hi)

    return [one() for _ in range(length)] if length else one()


def build_cases(seed):
    """Per message: one frame with every field random, one whose trailing wire fields are zero."""
    rng = random.Random(seed)
    cases = []
    for name in generated_message_names():
        cls = message_class(name)
        fields = layout(cls)
        for truncated in (False, True):
            # Zero the extensions and the last half of the base fields so the payload gets truncated.
            base_fields = [f for f in fields if not f[3]]
            keep = len(base_fields) // 2 if truncated else len(fields)
            values = {}
            for index, (fname, base, length, ext) in enumerate(fields):
                zero = truncated and (ext or index >= keep)
                values[fname] = random_value(rng, base, length, zero)
            if truncated and all(v in (0, "", None) or (isinstance(v, list) and not any(v))
                                 for v in values.values()):
                continue
            cases.append((name, cls, fields, values, truncated))
    return cases


def encode(directory, seed=1234):
    mav = mavlink.MAVLink(None, srcSystem=42, srcComponent=200)
    frames = bytearray()
    expected = []
    for seq, (name, cls, fields, values, truncated) in enumerate(build_cases(seed)):
        # pymavlink takes char fields as bytes.
        message = cls(**{f: values[f].encode() if b == "char" else values[f] for f, b, _, _ in fields})
        mav.seq = seq % 256
        frame = message.pack(mav)
        frames += frame
        expected.append({
            "name": name, "id": cls.id, "seq": seq % 256, "truncated": truncated,
            "payloadLength": frame[1],
            "fields": {f: canonical(values[f], b, n) for f, b, n, _ in fields},
        })
    with open(os.path.join(directory, "frames.bin"), "wb") as fh:
        fh.write(frames)
    with open(os.path.join(directory, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)
    return expected


def decode(directory):
    with open(os.path.join(directory, "frames.bin"), "rb") as fh:
        data = fh.read()
    with open(os.path.join(directory, "expected.json")) as fh:
        expected = json.load(fh)
    mav = mavlink.MAVLink(None)
    mav.robust_parsing = False  # any bad CRC or length raises instead of being skipped
    messages = mav.parse_buffer(data) or []
    errors = []
    if len(messages) != len(expected):
        errors.append(f"pymavlink decoded {len(messages)} frames, expected {len(expected)}")
    for message, want in zip(messages, expected):
        cls = type(message)
        label = f"{want['name']}#{want['seq']}"
        if message.get_msgId() != want["id"]:
            errors.append(f"{label}: id {message.get_msgId()} != {want['id']}")
            continue
        if message.get_seq() != want["seq"]:
            errors.append(f"{label}: seq {message.get_seq()}")
        length = message.get_header().mlen
        if want["truncated"] and length >= cls.unpacker.size:
            errors.append(f"{label}: expected a truncated payload, got {length} bytes")
        for fname, base, n, _ in layout(cls):
            got = canonical(getattr(message, fname), base, n)
            if got != want["fields"].get(fname):
                errors.append(f"{label}.{fname}: pymavlink {got!r} != swift {want['fields'].get(fname)!r}")
    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print(f"pymavlink decoded and matched {len(messages)} frames")
    return errors


def main(argv):
    if len(argv) < 3 or argv[1] not in ("encode", "decode"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "encode":
        seed = int(argv[4]) if len(argv) > 4 and argv[3] == "--seed" else 1234
        cases = encode(argv[2], seed)
        print(f"pymavlink wrote {len(cases)} frames")
        return 0
    return 1 if decode(argv[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
