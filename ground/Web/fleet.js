// Operator fleet page: live map and list from GET /v1/fleet/stream, detail and commands per drone.
"use strict";
(() => {
  const S = SkyRelay;
  const $ = (id) => document.getElementById(id);
  const map = new SkyRelayMap.MapView($("map-box"));
  map.onSelect = (id) => select(id);
  const drones = new Map();      // droneID -> DroneLiveState
  const routes = new Map();      // deliveryID -> delivery (pickup, dropoff) or "pending"
  let key = "";
  let selected = null;
  let connection = null;
  const alarms = new Map();      // droneID -> { through: last eventSeq read, list: alarm payloads, newest last }

  function setStatus(message, error = false) {
    S.text($("stream-status"), message);
    $("stream-status").classList.toggle("error", error);
  }

  function connect(newKey) {
    key = newKey;
    S.storeKey(key);
    connection && connection.stop();
    setStatus("connecting…");
    S.api("/v1/service-area").then((area) => map.setArea(area)).catch(() => {});
    connection = S.stream("/v1/fleet/stream", {
      key,
      onEvent(name, data) {
        if (name === "fleet") { drones.clear(); data.drones.forEach(apply); }
        else if (name === "drone") apply(data);
        render();
        setStatus(`live · ${drones.size} drones · updated ${S.clockTime(new Date())}`);
      },
      onState(state, err) {
        if (state === "refused") setStatus(`refused: ${err.message}`, true);
        else if (state === "reconnecting" || state === "ended") setStatus("connection lost, reconnecting…", true);
      },
    });
  }

  function apply(state) {
    drones.set(state.droneID, state);
    if (state.deliveryID && !routes.has(state.deliveryID)) loadRoute(state.deliveryID);
  }

  async function loadRoute(deliveryID) {
    routes.set(deliveryID, "pending");
    try { routes.set(deliveryID, await S.api(`/v1/deliveries/${encodeURIComponent(deliveryID)}`, { key })); render(); }
    catch (_) { routes.delete(deliveryID); }
  }

  function render() {
    const rows = $("drone-rows");
    const ids = [...drones.keys()].sort();
    S.text($("drone-count"), String(ids.length));
    const activeRoutes = new Set();
    for (const id of ids) {
      const d = drones.get(id);
      if (d.home) map.place("home-" + id, d.home.lat, d.home.lon, "home", `home of ${id}`);
      const delivery = d.deliveryID && routes.get(d.deliveryID);
      if (delivery && delivery !== "pending" && d.home) {
        const route = [[d.home.lat, d.home.lon], [delivery.pickup.lat, delivery.pickup.lon], [delivery.dropoff.lat, delivery.dropoff.lon], [d.home.lat, d.home.lon]];
        map.route("delivery-" + delivery.id, route);
        map.place("pickup-" + delivery.id, delivery.pickup.lat, delivery.pickup.lon, "pickup", `pickup of ${delivery.id}`);
        map.place("dropoff-" + delivery.id, delivery.dropoff.lat, delivery.dropoff.lon, "dropoff", `dropoff of ${delivery.id}`);
        activeRoutes.add("delivery-" + delivery.id);
      }
      if (d.position) {
        map.drone(id, { lat: d.position.lat, lon: d.position.lon, headingDeg: d.headingDeg, batteryPercent: d.batteryPercent, online: d.online, selected: id === selected });
      }
      let row = rows.querySelector(`tr[data-drone-id="${CSS.escape(id)}"]`);
      if (!row) {
        row = document.createElement("tr");
        row.dataset.droneId = id;
        row.innerHTML = "<td class='id'></td><td class='link'></td><td class='phase'></td><td class='battery'></td><td class='delivery'></td>";
        row.onclick = () => select(id);
        rows.appendChild(row);
      }
      S.text(row.querySelector(".id"), id);
      S.text(row.querySelector(".link"), d.online ? "online" : "offline");
      S.text(row.querySelector(".phase"), d.phase || "idle");
      const battery = row.querySelector(".battery");
      S.text(battery, S.percent(d.batteryPercent));
      battery.className = "battery " + S.batteryClass(d.batteryPercent);
      S.text(row.querySelector(".delivery"), d.deliveryID || "–");
      row.classList.toggle("selected", id === selected);
    }
    for (const id of [...map.routes.keys()]) {
      if (!activeRoutes.has(id)) map.removeRoute(id);
    }
    for (const id of [...map.places.keys()]) {
      const match = /^(pickup|dropoff)-(.*)$/.exec(id);
      if (match && !activeRoutes.has("delivery-" + match[2])) map.removePlace(id);
    }
    renderDetail();
  }

  function select(id) {
    selected = id;
    S.text($("command-result"), "");
    render();
    loadAlarms(id);
  }

  // The drone's stored alarm events (GET /v1/fleet/{id}/events), read on from the last eventSeq seen.
  async function loadAlarms(id) {
    const known = alarms.get(id) || { through: 0, list: [] };
    try {
      for (;;) {
        const page = await S.api(`/v1/fleet/${encodeURIComponent(id)}/events?after=${known.through}&limit=1000`, { key });
        for (const event of page.events) {
          known.through = Math.max(known.through, event.eventSeq);
          if (event.kind !== "alarm") continue;
          try { known.list.push(JSON.parse(event.payload)); } catch (_) { /* stored as the drone sent it */ }
        }
        if (page.nextAfter == null) break;
      }
      alarms.set(id, known);
    } catch (_) { return; }
    if (id === selected) renderAlarms();
  }

  function renderAlarms() {
    const list = $("drone-alarms");
    const recent = ((selected && alarms.get(selected)) || { list: [] }).list.slice(-8).reverse();
    list.replaceChildren();
    if (!recent.length) { const li = document.createElement("li"); li.textContent = "none"; list.append(li); return; }
    for (const a of recent) {
      const li = document.createElement("li");
      li.className = "alarm-" + a.severity;
      li.dataset.code = a.code;
      li.textContent = `${S.clockTime(new Date(a.timeMs))} ${a.severity} ${a.code}: ${a.message}`;
      list.append(li);
    }
  }
  setInterval(() => { if (selected && key) loadAlarms(selected); }, 5000);

  function renderDetail() {
    const d = selected && drones.get(selected);
    $("detail-panel").hidden = !d;
    if (!d) return;
    S.text($("detail-id"), d.droneID);
    const fields = [
      ["Link", d.online ? "online" : "offline"],
      ["Healthy", d.healthy == null ? "–" : d.healthy ? "yes (3-D fix, armable)" : "no"],
      ["Phase", d.phase || "idle"],
      ["Battery", S.percent(d.batteryPercent)],
      ["Position", d.position ? `${d.position.lat.toFixed(5)}, ${d.position.lon.toFixed(5)} · ${Math.round(d.position.alt)} m` : "–"],
      ["Heading", d.headingDeg == null ? "–" : Math.round(d.headingDeg) + "°"],
      ["Ground speed", d.groundSpeed == null ? "–" : d.groundSpeed.toFixed(1) + " m/s"],
      ["Assignment", d.assignmentID || "–"],
      ["Delivery", d.deliveryID || "–"],
      ["Max payload", d.maxPayloadKg == null ? "–" : d.maxPayloadKg + " kg"],
      ["Last seen", d.lastSeen ? S.clockTime(new Date(d.lastSeen)) : "–"],
    ];
    renderAlarms();
    const dl = $("drone-detail");
    dl.replaceChildren();
    for (const [name, value] of fields) {
      const dt = document.createElement("dt"); dt.textContent = name;
      const dd = document.createElement("dd"); dd.textContent = value; dd.dataset.field = name.toLowerCase().replace(/ /g, "-");
      dl.append(dt, dd);
    }
  }

  async function command(kind) {
    if (!selected) return;
    const id = selected;
    const result = $("command-result");
    S.text(result, `sending ${kind}…`);
    try {
      const answer = await S.api(`/v1/fleet/${encodeURIComponent(id)}/${kind}`, { key, method: "POST" });
      S.text(result, `${kind} ${answer.status} to ${answer.droneId}`);
    } catch (err) {
      S.text(result, `${kind} failed: ${err.message}`);
    }
  }

  $("recall-button").onclick = () => command("recall");
  $("land-button").onclick = () => command("land");
  $("key-form").onsubmit = (event) => {
    event.preventDefault();
    connect($("operator-key").value.trim());
  };
  const saved = S.storedKey();
  if (saved) { $("operator-key").value = saved; connect(saved); }
})();
