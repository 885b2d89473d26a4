#!/usr/bin/env python3
"""Draws docs/images/airspace-route.svg from the real router's output.

The GroundCore test AirspacePictureTests plans a delivery around a service-area hole and an operator zone
with the real scheduler and writes it as JSON when SKYRELAY_AIRSPACE_JSON names a file. This script runs
that test (on the already built tests: `swift build --build-tests` first) and renders the JSON as SVG.

  python3 docs/images/airspace-picture.py            run the test, then draw
  python3 docs/images/airspace-picture.py FILE.json  draw an existing JSON file
"""
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "docs", "images", "airspace-route.svg")


def route_json():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as fh:
            return json.load(fh)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "route.json")
        env = dict(os.environ, SKYRELAY_AIRSPACE_JSON=path)
        subprocess.run(
            ["swift", "test", "--skip-build", "--ignore-lock", "--filter", "AirspacePictureTests"],
            cwd=ROOT, env=env, check=True)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)


def main():
    data = route_json()
    lat0, lon0 = data["home"]
    k = math.cos(math.radians(lat0))

    def local(point):
        lat, lon = point
        return ((lon - lon0) * 111_320 * k, (lat - lat0) * 110_540)

    everything = [local(p) for p in data["serviceArea"]]
    xs, ys = [p[0] for p in everything], [p[1] for p in everything]
    margin, width = 150, 800
    scale = width / (max(xs) - min(xs) + 2 * margin)
    height = (max(ys) - min(ys) + 2 * margin) * scale

    def svg(point):
        x, y = local(point)
        return f"{(x - min(xs) + margin) * scale:.1f},{(max(ys) - y + margin) * scale:.1f}"

    def polygon(points, **style):
        attrs = " ".join(f'{key.replace("_", "-")}="{value}"' for key, value in style.items())
        return f'<polygon points="{" ".join(svg(p) for p in points)}" {attrs}/>'

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height:.0f}" fill="#ffffff"/>',
        polygon(data["serviceArea"], fill="#eef6ee", stroke="#3a7d44", stroke_width="2"),
    ]
    for zone in data["zones"]:
        parts.append(polygon(zone["vertices"], fill="#f4c7c3", stroke="#c0392b", stroke_width="2"))
        cx = sum(p[0] for p in zone["vertices"]) / len(zone["vertices"])
        cy = sum(p[1] for p in zone["vertices"]) / len(zone["vertices"])
        x, y = svg((cx, cy)).split(",")
        parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" fill="#922b21">{zone["id"]}</text>')
    colours = ["#1f5fa8", "#7b3fa0", "#555555"]
    names = ["home → pickup", "pickup → dropoff", "dropoff → home"]
    for leg, colour in zip(data["legs"], colours):
        points = " ".join(svg(p) for p in leg)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"/>')
        for waypoint in leg[1:-1]:
            x, y = svg(waypoint).split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>')
    for name, key, colour in [("home", "home", "#000000"), ("pickup", "pickup", "#1f5fa8"), ("dropoff", "dropoff", "#7b3fa0")]:
        x, y = svg(data[key]).split(",")
        parts.append(f'<circle cx="{x}" cy="{y}" r="7" fill="{colour}"/>')
        parts.append(f'<text x="{float(x) + 10:.1f}" y="{float(y) - 8:.1f}">{name}</text>')
    for i, (name, colour) in enumerate(zip(names, colours)):
        y = 20 + i * 18
        parts.append(f'<line x1="10" y1="{y}" x2="40" y2="{y}" stroke="{colour}" stroke-width="3"/>')
        parts.append(f'<text x="46" y="{y + 4}">{name}</text>')
    parts.append(
        f'<text x="10" y="{height - 10:.0f}">Routed by AirspaceRouter, {data["bufferM"]:.0f} m buffer; '
        f'dots are the assignment\'s route waypoints</text>')
    parts.append("</svg>")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts) + "\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
