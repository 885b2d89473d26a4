// SkyRelay browser pages: shared helpers (API calls, SSE over fetch, the SVG map, formatting).
// No framework and no external host: everything here is served by ground-control under /ui.
"use strict";

const SkyRelay = (() => {
  const KEY_STORE = "skyrelay.operatorKey";

  // The operator key lives in sessionStorage (gone with the tab), never in the URL.
  function storedKey() { return sessionStorage.getItem(KEY_STORE) || ""; }
  function storeKey(key) { sessionStorage.setItem(KEY_STORE, key); }

  function authHeaders(key) { return key ? { Authorization: "Bearer " + key } : {}; }

  class APIError extends Error {
    constructor(status, body) {
      super((body && body.error && body.error.message) || ("HTTP " + status));
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, { key, method = "GET", body } = {}) {
    const headers = authHeaders(key);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
    if (!res.ok) throw new APIError(res.status, json);
    return json;
  }

  // Server-Sent Events read with fetch rather than EventSource, because EventSource cannot send the
  // Authorization header. Reconnects after `retryMs` until stopped; onEvent(name, data) gets parsed JSON.
  function stream(path, { key, onEvent, onState, retryMs = 2000 }) {
    let stopped = false;
    let controller = null;
    async function once() {
      controller = new AbortController();
      const res = await fetch(path, { headers: authHeaders(key), signal: controller.signal });
      if (!res.ok) {
        let body = null;
        try { body = await res.json(); } catch (_) { body = null; }
        throw new APIError(res.status, body);
      }
      onState && onState("live");
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          dispatch(frame);
        }
      }
    }
    function dispatch(frame) {
      let name = "message";
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith(":")) continue; // heartbeat comment
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (!data.length) return;
      try { onEvent(name, JSON.parse(data.join("\n"))); } catch (err) { console.error("bad SSE frame", err); }
    }
    (async () => {
      while (!stopped) {
        try {
          await once();
          if (stopped) break;
          onState && onState("ended");
        } catch (err) {
          if (stopped) break;
          if (err instanceof APIError && (err.status === 401 || err.status === 403 || err.status === 404)) {
            onState && onState("refused", err);
            return; // a wrong key or token does not get better by retrying
          }
          onState && onState("reconnecting", err);
        }
        await new Promise((r) => setTimeout(r, retryMs));
      }
    })();
    return { stop() { stopped = true; controller && controller.abort(); } };
  }

  // ---- map -------------------------------------------------------------------------------------
  const SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs = {}, parent = null) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (parent) parent.appendChild(el);
    return el;
  }

  function batteryClass(percent) {
    if (percent == null) return "battery-unknown";
    if (percent >= 50) return "battery-good";
    if (percent >= 25) return "battery-low";
    return "battery-critical";
  }

  // A local equirectangular projection in metres around the area's centre: exact enough for a city
  // and needs no tiles. Layers are drawn in order: grid, area, routes, places, drones.
  class FleetMap {
    constructor(svgElement) {
      this.root = svgElement;
      this.layers = {};
      for (const name of ["grid", "area", "routes", "places", "drones"]) {
        this.layers[name] = svg("g", { class: "layer-" + name }, this.root);
      }
      this.points = [];
      this.origin = null;
      this.areaRings = [];
    }

    project(lat, lon) {
      const o = this.origin;
      const k = 111320;
      return [(lon - o.lon) * Math.cos((o.lat * Math.PI) / 180) * k, -(lat - o.lat) * k];
    }

    // Widens the view to include these [lat, lon] points; redraws the grid when it changes.
    include(points) {
      const fresh = points.filter((p) => p && isFinite(p[0]) && isFinite(p[1]));
      if (!fresh.length) return;
      if (!this.origin) this.origin = { lat: fresh[0][0], lon: fresh[0][1] };
      let grew = false;
      for (const p of fresh) {
        const [x, y] = this.project(p[0], p[1]);
        if (!this.box) { this.box = { minX: x, maxX: x, minY: y, maxY: y }; grew = true; continue; }
        const b = this.box;
        if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) {
          b.minX = Math.min(b.minX, x); b.maxX = Math.max(b.maxX, x);
          b.minY = Math.min(b.minY, y); b.maxY = Math.max(b.maxY, y);
          grew = true;
        }
      }
      if (grew) this.fit();
    }

    fit() {
      const b = this.box;
      const span = Math.max(b.maxX - b.minX, b.maxY - b.minY, 400);
      const pad = span * 0.08;
      this.view = { x: b.minX - pad, y: b.minY - pad, w: b.maxX - b.minX + 2 * pad, h: b.maxY - b.minY + 2 * pad };
      this.view.w = Math.max(this.view.w, 400);
      this.view.h = Math.max(this.view.h, 400);
      this.root.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${this.view.w} ${this.view.h}`);
      this.unit = Math.max(this.view.w, this.view.h) / 100; // marker size: 1 % of the view
      this.drawGrid();
      this.drawArea();
    }

    drawGrid() {
      const g = this.layers.grid;
      g.replaceChildren();
      const view = this.view;
      // The SVG keeps its aspect ratio, so the visible area is wider or taller than the view box:
      // the grid covers a generous margin around it.
      const v = { x: view.x - view.w, y: view.y - view.h, w: view.w * 3, h: view.h * 3 };
      const target = Math.max(view.w, view.h) / 8;
      const steps = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000];
      const step = steps.find((s) => s >= target) || 100000;
      for (let x = Math.ceil(v.x / step) * step; x <= v.x + v.w; x += step) {
        svg("line", { x1: x, y1: v.y, x2: x, y2: v.y + v.h, class: "grid-line" }, g);
      }
      for (let y = Math.ceil(v.y / step) * step; y <= v.y + v.h; y += step) {
        svg("line", { x1: v.x, y1: y, x2: v.x + v.w, y2: y, class: "grid-line" }, g);
      }
      const label = svg("text", { x: view.x + this.unit, y: view.y + view.h - this.unit, class: "grid-label", "font-size": this.unit * 2.2 }, g);
      label.textContent = "grid " + (step >= 1000 ? step / 1000 + " km" : step + " m");
    }

    // Service area (ground's geofence) from the GeoJSON of GET /v1/service-area.
    setArea(geojson) {
      this.areaRings = [];
      for (const f of (geojson && geojson.features) || []) {
        const ring = (f.geometry && f.geometry.coordinates && f.geometry.coordinates[0]) || [];
        this.areaRings.push(ring.map(([lon, lat]) => [lat, lon]));
      }
      this.include(this.areaRings.flat());
      this.drawArea();
    }

    drawArea() {
      const g = this.layers.area;
      g.replaceChildren();
      if (!this.origin) return;
      for (const ring of this.areaRings) {
        const d = ring.map((p, i) => (i ? "L" : "M") + this.project(p[0], p[1]).join(",")).join(" ") + " Z";
        svg("path", { d, class: "service-area" }, g);
      }
    }

    // A place marker (home base, pickup, dropoff), kept by id.
    place(id, lat, lon, kind, title) {
      this.include([[lat, lon]]);
      let el = this.layers.places.querySelector(`[data-place-id="${CSS.escape(id)}"]`);
      const [x, y] = this.project(lat, lon);
      const s = this.unit * 1.4;
      if (!el) {
        el = svg("g", { "data-place-id": id, class: "place place-" + kind }, this.layers.places);
        if (kind === "home") svg("rect", { x: -s / 2, y: -s / 2, width: s, height: s }, el);
        else svg("circle", { r: s / 2 }, el);
        svg("title", {}, el).textContent = title || id;
      }
      el.setAttribute("transform", `translate(${x},${y})`);
      return el;
    }

    // A route polyline through [lat, lon] points, kept by id.
    route(id, points, kind = "route") {
      this.include(points);
      let el = this.layers.routes.querySelector(`[data-route-id="${CSS.escape(id)}"]`);
      if (!el) el = svg("polyline", { "data-route-id": id, class: kind }, this.layers.routes);
      el.setAttribute("points", points.map((p) => this.project(p[0], p[1]).join(",")).join(" "));
      return el;
    }

    removeRoute(id) {
      const el = this.layers.routes.querySelector(`[data-route-id="${CSS.escape(id)}"]`);
      if (el) el.remove();
    }

    removePlace(id) {
      const el = this.layers.places.querySelector(`[data-place-id="${CSS.escape(id)}"]`);
      if (el) el.remove();
    }

    // A drone: an arrow pointing along its heading, filled by battery level.
    drone(id, { lat, lon, headingDeg, batteryPercent, online, selected, label: name }) {
      this.include([[lat, lon]]);
      let el = this.layers.drones.querySelector(`[data-drone-id="${CSS.escape(id)}"]`);
      if (!el) {
        el = svg("g", { "data-drone-id": id, class: "drone-marker" }, this.layers.drones);
        svg("path", { class: "drone-arrow" }, el);
        svg("text", { class: "drone-label" }, el).textContent = name || id;
        svg("title", {}, el).textContent = name || id;
      }
      const s = this.unit * 1.6;
      el.querySelector("path").setAttribute("d", `M0,${-s} L${s * 0.7},${s * 0.8} L0,${s * 0.35} L${-s * 0.7},${s * 0.8} Z`);
      const label = el.querySelector("text");
      label.setAttribute("x", s * 1.1);
      label.setAttribute("y", -s * 0.4);
      label.setAttribute("font-size", this.unit * 2);
      const [x, y] = this.project(lat, lon);
      el.setAttribute("transform", `translate(${x.toFixed(2)},${y.toFixed(2)})`);
      el.querySelector("path").setAttribute("transform", `rotate(${(headingDeg || 0).toFixed(1)})`);
      el.setAttribute("class", ["drone-marker", batteryClass(batteryPercent), online === false ? "offline" : "", selected ? "selected" : ""].join(" ").trim());
      el.dataset.lat = lat;
      el.dataset.lon = lon;
      return el;
    }
  }

  // ---- formatting ------------------------------------------------------------------------------
  // In the viewer's own time zone, named ("14:05:09 CET"), with the day when it is not today.
  function clockTime(date) {
    if (!date) return "–";
    const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
    if (date.toDateString() === new Date().toDateString()) return time;
    return date.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" }) + " " + time;
  }
  function duration(seconds) {
    if (seconds == null || !isFinite(seconds)) return "–";
    const s = Math.max(0, Math.round(seconds));
    const m = Math.floor(s / 60);
    return m ? `${m} min ${String(s % 60).padStart(2, "0")} s` : `${s} s`;
  }
  function percent(p) { return p == null ? "–" : Math.round(p) + " %"; }
  function text(el, value) { if (el.textContent !== value) el.textContent = value; }

  return { storedKey, storeKey, api, stream, APIError, FleetMap, batteryClass, clockTime, duration, percent, text, svg };
})();
