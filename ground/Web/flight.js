// Operator flight replay: /ui/flight.html?delivery=<id>. Reads GET /v1/deliveries/{id}/flight (the
// stored track and events), draws the whole track, and moves the drone along it with a time slider
// (or Play). The GeoJSON and CSV downloads are fetched with the key in the header, then saved.
"use strict";
(() => {
  const S = SkyRelay;
  const $ = (id) => document.getElementById(id);
  const map = new SkyRelayMap.MapView($("map-box"));
  const params = new URLSearchParams(location.search);
  // Replay speed: this many flight seconds per wall second.
  const PLAY_SPEED = 20;
  let key = "";
  let deliveryID = params.get("delivery") || "";
  let log = null;
  let player = null;

  function setStatus(message, error = false) {
    S.text($("load-status"), message);
    $("load-status").classList.toggle("error", error);
  }

  function field(name, value) { S.text($("flight-detail").querySelector(`[data-field="${name}"]`), value); }

  function flightPath(format) {
    const base = `/v1/deliveries/${encodeURIComponent(deliveryID)}/flight`;
    return format ? `${base}?format=${format}` : base;
  }

  async function load() {
    stop();
    setStatus("loading…");
    S.text($("flight-id"), deliveryID);
    let delivery;
    try {
      [delivery, log] = await Promise.all([
        S.api(`/v1/deliveries/${encodeURIComponent(deliveryID)}`, { key }),
        S.api(flightPath(), { key }),
      ]);
    } catch (err) {
      setStatus(`cannot load this flight: ${err.message}`, true);
      return;
    }
    map.place("pickup", delivery.pickup.lat, delivery.pickup.lon, "pickup", "pickup");
    map.place("dropoff", delivery.dropoff.lat, delivery.dropoff.lon, "dropoff", "dropoff");
    map.route("track", log.track.map((p) => [p.lat, p.lon]), "trail");
    field("drone", log.droneId || "–");
    field("span", log.from ? `${S.clockTime(new Date(log.from))} – ${S.clockTime(new Date(log.to))}` : "–");
    field("samples", String(log.track.length));
    renderEvents();
    const slider = $("time-slider");
    slider.max = String(Math.max(0, log.track.length - 1));
    slider.value = "0";
    slider.disabled = log.track.length === 0;
    $("play-button").disabled = log.track.length < 2;
    $("download-geojson").disabled = false;
    $("download-csv").disabled = false;
    setStatus(`${log.track.length} samples, ${log.events.length} events`);
    show(0);
  }

  function renderEvents() {
    const rows = $("event-rows");
    rows.replaceChildren();
    for (const event of log.events) {
      const tr = document.createElement("tr");
      tr.dataset.eventSeq = event.eventSeq;
      for (const value of [String(event.eventSeq), event.kind, S.clockTime(new Date(event.receivedAt))]) {
        const td = document.createElement("td");
        td.textContent = value;
        tr.appendChild(td);
      }
      rows.appendChild(tr);
    }
    S.text($("event-count"), String(log.events.length));
  }

  // The drone at sample `index`: marker, readings and the slider's time.
  function show(index) {
    const point = log && log.track[index];
    if (!point) { S.text($("replay-time"), "–"); return; }
    $("time-slider").value = String(index);
    map.drone(log.droneId || "drone", {
      lat: point.lat, lon: point.lon, headingDeg: point.heading || 0, batteryPercent: point.batteryPercent,
      label: log.droneId || "drone",
    });
    S.text($("replay-time"), S.clockTime(new Date(point.time)));
    $("replay-time").dataset.index = String(index);
    field("alt", `${point.alt.toFixed(1)} m`);
    field("battery", S.percent(point.batteryPercent));
    field("speed", point.groundSpeed == null ? "–" : `${point.groundSpeed.toFixed(1)} m/s`);
  }

  // Plays at PLAY_SPEED in flight time: each step waits for the real gap to the next sample.
  function play() {
    if (player) return stop();
    const slider = $("time-slider");
    if (Number(slider.value) >= log.track.length - 1) show(0);
    $("play-button").textContent = "Pause";
    const step = () => {
      const index = Number(slider.value);
      if (index >= log.track.length - 1) return stop();
      const gap = (new Date(log.track[index + 1].time) - new Date(log.track[index].time)) / PLAY_SPEED;
      player = setTimeout(() => { show(index + 1); step(); }, Math.min(Math.max(gap, 20), 2000));
    };
    step();
  }

  function stop() {
    clearTimeout(player);
    player = null;
    $("play-button").textContent = "Play";
  }

  async function download(format) {
    try {
      const res = await fetch(flightPath(format), { headers: key ? { Authorization: "Bearer " + key } : {} });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      const link = $("download-link");
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(blob);
      link.download = `flight-${deliveryID}.${format}`;
      link.dataset.format = format;
      link.click();
    } catch (err) {
      setStatus(`download failed: ${err.message}`, true);
    }
  }

  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    key = $("operator-key").value.trim();
    deliveryID = $("delivery-input").value.trim();
    S.storeKey(key);
    history.replaceState(null, "", `?delivery=${encodeURIComponent(deliveryID)}`);
    load();
  });
  $("time-slider").addEventListener("input", (e) => { stop(); show(Number(e.target.value)); });
  $("play-button").addEventListener("click", play);
  $("download-geojson").addEventListener("click", () => download("geojson"));
  $("download-csv").addEventListener("click", () => download("csv"));

  $("delivery-input").value = deliveryID;
  key = S.storedKey();
  if (key) $("operator-key").value = key;
  if (key && deliveryID) load();
})();
