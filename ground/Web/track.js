// Customer tracking page: /ui/track.html?delivery=<id>&token=<trackingToken> (or a business key).
// Live position, phase and ETA from the delivery's SSE stream; the delivered time once it is done.
"use strict";
(() => {
  const S = SkyRelay;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const deliveryID = params.get("delivery") || "";
  const token = params.get("token") || "";
  const map = new SkyRelayMap.MapView($("map-box"));
  const trail = [];
  let key = "";
  let delivery = null;
  let latest = null;
  let connection = null;

  // The token travels in the query string (it opens this one delivery only); a key in a header.
  function path(base) { return token ? `${base}?token=${encodeURIComponent(token)}` : base; }

  async function start() {
    S.text($("delivery-id"), deliveryID);
    S.api("/v1/service-area").then((area) => map.setArea(area)).catch(() => {});
    try {
      delivery = await S.api(path(`/v1/deliveries/${encodeURIComponent(deliveryID)}`), { key });
    } catch (err) {
      S.text($("stream-status"), `cannot open this delivery: ${err.message}`);
      $("stream-status").classList.add("error");
      return;
    }
    map.place("pickup", delivery.pickup.lat, delivery.pickup.lon, "pickup", "pickup");
    map.place("dropoff", delivery.dropoff.lat, delivery.dropoff.lon, "dropoff", "your address");
    map.route("planned", [[delivery.pickup.lat, delivery.pickup.lon], [delivery.dropoff.lat, delivery.dropoff.lon]]);
    show({ deliveryId: delivery.id, status: delivery.status, etaDropoff: delivery.eta.dropoff, etaPickup: delivery.eta.pickup, etaMarginSeconds: delivery.eta.marginSeconds });
    connection = S.stream(path(`/v1/deliveries/${encodeURIComponent(deliveryID)}/track`), {
      key,
      onEvent(name, update) { if (name === "update") show(update); },
      onState(state, err) {
        if (state === "live") S.text($("stream-status"), "live");
        else if (state === "refused") S.text($("stream-status"), `refused: ${err.message}`);
        else if (latest && isFinished(latest.status)) { connection.stop(); finish(); }
        else S.text($("stream-status"), "connection lost, reconnecting…");
      },
    });
  }

  function isFinished(status) { return ["delivered", "completed", "cancelled", "failed"].includes(status); }

  function show(update) {
    // The margin belongs to the update that carries it: a plan's range ends once the drone flies.
    latest = Object.assign({}, latest, { etaMarginSeconds: undefined }, update);
    renderProgress();
    S.text($("phase"), latest.phase || "–");
    S.text($("battery"), S.percent(latest.battery));
    S.text($("updated"), latest.time ? S.clockTime(new Date(latest.time)) : "–");
    S.text($("eta-pickup"), latest.etaPickup ? S.clockTime(new Date(latest.etaPickup)) : "–");
    if (latest.position) {
      trail.push([latest.position.lat, latest.position.lon]);
      if (trail.length > 600) trail.shift();
      map.route("trail", trail, "trail");
      map.drone("drone", { lat: latest.position.lat, lon: latest.position.lon, headingDeg: heading(), batteryPercent: latest.battery, label: delivery.droneId || "drone" });
    }
    if (isFinished(latest.status)) finish(); else renderETA();
  }

  // Course over ground from the last two trail points: the tracking stream carries no heading.
  function heading() {
    if (trail.length < 2) return 0;
    const [a, b] = [trail[trail.length - 2], trail[trail.length - 1]];
    const dy = b[0] - a[0], dx = (b[1] - a[1]) * Math.cos((b[0] * Math.PI) / 180);
    return dx === 0 && dy === 0 ? 0 : ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
  }

  // The step and sentence follow the drone's phase, not only the delivery status (see progress.js).
  function renderProgress() {
    const { step, text } = DeliveryProgress.of(latest);
    S.text($("status"), text);
    $("status").dataset.step = step || "";
    const reached = DeliveryProgress.STEPS.indexOf(step);
    const ended = step === "delivered";
    for (const li of $("steps").children) {
      const i = DeliveryProgress.STEPS.indexOf(li.dataset.step);
      li.classList.toggle("done", reached >= 0 && (i < reached || ended && i === reached));
      li.classList.toggle("current", i === reached && !ended);
      if (i === reached && !ended) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    }
  }

  function renderETA() {
    const box = $("eta-box");
    box.classList.remove("done", "failed");
    const eta = latest && latest.etaDropoff ? new Date(latest.etaDropoff) : null;
    S.text($("eta-label"), "Estimated arrival");
    // A queued delivery's ETA is a plan: show it as the range the plan can move in (issue 24).
    const margin = latest && latest.etaMarginSeconds;
    S.text($("eta"), !eta ? "waiting for a drone"
      : margin ? `${S.clockTime(new Date(eta - margin * 1000))} – ${S.clockTime(new Date(eta.getTime() + margin * 1000))}`
      : S.clockTime(eta));
    S.text($("countdown"), eta ? "in " + S.duration((eta - Date.now()) / 1000) : "");
  }

  let finished = false;
  async function finish() {
    if (finished) return;
    finished = true;
    const box = $("eta-box");
    try { delivery = await S.api(path(`/v1/deliveries/${encodeURIComponent(deliveryID)}`), { key }); } catch (_) { /* keep the last */ }
    S.text($("stream-status"), "");
    const status = delivery.status === "completed" || latest.status === "completed" ? "completed" : latest.status;
    if (status === "delivered" || status === "completed") {
      const at = delivery.statusTimes && delivery.statusTimes.delivered;
      box.classList.add("done");
      S.text($("eta-label"), "Delivered at");
      S.text($("eta"), at ? S.clockTime(new Date(at)) : "delivered");
      S.text($("countdown"), "");
      box.dataset.final = "delivered";
    } else {
      box.classList.add("failed");
      S.text($("eta-label"), status === "cancelled" ? "Cancelled" : "Not delivered");
      S.text($("eta"), status);
      S.text($("countdown"), delivery.reason || "");
      box.dataset.final = status;
    }
    // A delivered package stays shown as such while the drone flies home: keep the stream open
    // until it ends by itself, but the page no longer counts down.
    if (status !== "delivered") S.text($("stream-status"), "finished");
  }

  // The countdown and the "arriving" step depend on the clock, not only on updates.
  setInterval(() => { if (latest && !finished) { renderETA(); renderProgress(); } }, 1000);

  if (!deliveryID) {
    S.text($("stream-status"), "no delivery given: open this page with ?delivery=<id>&token=<token>");
    return;
  }
  if (token) start();
  else {
    $("key-form").hidden = false;
    S.text($("ask-id"), deliveryID);
    $("key-form").onsubmit = (event) => { event.preventDefault(); key = $("business-key").value.trim(); $("key-form").hidden = true; start(); };
  }
})();
