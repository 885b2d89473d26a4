// Analytics page: GET /v1/analytics (aggregates) and /v1/analytics/deliveries (rows) as cards and charts.
"use strict";
(() => {
  const S = SkyRelay;
  const $ = (id) => document.getElementById(id);
  let key = "";

  function range() {
    const to = new Date();
    const from = new Date(to.getTime() - Number($("days").value) * 86400000);
    return `from=${encodeURIComponent(from.toISOString().replace(/\.\d+Z$/, "Z"))}&to=${encodeURIComponent(to.toISOString().replace(/\.\d+Z$/, "Z"))}`;
  }

  async function load() {
    S.text($("load-status"), "loading…");
    $("load-status").classList.remove("error");
    try {
      const q = range();
      const [report, table] = await Promise.all([
        S.api(`/v1/analytics?${q}`, { key }),
        S.api(`/v1/analytics/deliveries?${q}`, { key }),
      ]);
      cards(report);
      charts(report, table.rows);
      S.text($("load-status"), `${report.totalDeliveries} deliveries · loaded ${S.clockTime(new Date())}`);
    } catch (err) {
      S.text($("load-status"), `cannot load: ${err.message}`);
      $("load-status").classList.add("error");
    }
  }

  function cards(r) {
    const pct = (v) => (v == null ? "–" : Math.round(v * 100) + " %");
    const items = [
      ["total", "Deliveries", r.totalDeliveries],
      ["delivered", "Delivered", r.deliveredCount],
      ["cancelled", "Cancelled", r.cancelledCount],
      ["failed", "Failed", r.failedCount],
      ["mean-time", "Mean delivery time", S.duration(r.meanDeliverySeconds)],
      ["p95-time", "95th percentile", S.duration(r.p95DeliverySeconds)],
      // onTimeRate counts a delivery as on time when it is released no later than the first promised
      // ETA plus the tolerance: early deliveries count, so it is not a ± band around the ETA.
      ["on-time", `Delivered by first ETA + ${Math.round(r.onTimeToleranceSeconds)} s`, pct(r.onTimeRate)],
      // The customer's own promise: bookings with a deadline, delivered or past it.
      ["deadline", `Delivered by the customer's deadline (${r.withDeadlineCount ?? 0} with one)`, pct(r.deadlineMetRate)],
      ["eta-bias", "Mean ETA error (− early, + late)", signed(r.etaMeanSignedErrorSeconds)],
      ["eta-mae", "Mean ETA error, either way", S.duration(r.etaMeanAbsoluteErrorSeconds)],
      ["energy", "Energy per delivery", r.meanEnergyPerDeliveryWh == null ? "–" : r.meanEnergyPerDeliveryWh.toFixed(1) + " Wh"],
    ];
    $("cards").replaceChildren(...items.map(([id, name, value]) => {
      const card = document.createElement("div");
      card.className = "card";
      card.dataset.card = id;
      card.innerHTML = "<div class='value'></div><div class='name'></div>";
      card.querySelector(".value").textContent = String(value);
      card.querySelector(".name").textContent = name;
      return card;
    }));
  }

  function signed(seconds) {
    if (seconds == null || !isFinite(seconds)) return "–";
    return (seconds < 0 ? "−" : "+") + S.duration(Math.abs(seconds));
  }

  function charts(report, rows) {
    Charts.bars($("chart-per-day"), report.deliveriesPerDay.map((d) => ({ label: d.day.slice(5), value: d.delivered, title: `${d.day}: ${d.delivered} delivered` })));
    Charts.histogram($("chart-duration"), rows.map((r) => (r.deliverySeconds == null ? null : r.deliverySeconds / 60)));
    Charts.histogram($("chart-eta-error"), rows.map((r) => r.etaErrorSeconds));
  }

  // The CSV needs the key too, so it is fetched and handed over as a blob rather than linked.
  $("csv-link").onclick = async (event) => {
    event.preventDefault();
    if (!key) return;
    const res = await fetch(`/v1/analytics/deliveries?${range()}&format=csv`, { headers: { Authorization: "Bearer " + key } });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url; a.download = "skyrelay-deliveries.csv"; a.click();
    URL.revokeObjectURL(url);
  };

  $("key-form").onsubmit = (event) => {
    event.preventDefault();
    key = $("operator-key").value.trim();
    S.storeKey(key);
    load();
  };
  const saved = S.storedKey();
  if (saved) { $("operator-key").value = saved; key = saved; load(); }
})();
