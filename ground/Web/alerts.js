// Operator alerts on the fleet page: banners from GET /v1/alerts/stream (no sound), each with
// acknowledge and resolve, and the business webhooks that are failing.
"use strict";
const SkyRelayAlerts = (() => {
  const S = SkyRelay;
  const $ = (id) => document.getElementById(id);
  const alerts = new Map();   // alert id -> Alert (unresolved only)
  let key = "";
  let connection = null;
  let webhookTimer = null;

  function start(newKey) {
    key = newKey;
    connection && connection.stop();
    alerts.clear();
    render();
    connection = S.stream("/v1/alerts/stream", {
      key,
      onEvent(name, data) {
        if (name === "alerts") { alerts.clear(); data.alerts.forEach(apply); }
        else if (name === "alert") apply(data);
        render();
      },
    });
    clearInterval(webhookTimer);
    loadWebhooks();
    webhookTimer = setInterval(loadWebhooks, 15000);
  }

  function apply(alert) {
    if (alert.state === "resolved") alerts.delete(alert.id); else alerts.set(alert.id, alert);
  }

  async function act(id, action) {
    const banner = document.querySelector(`[data-alert-id="${CSS.escape(id)}"]`);
    const note = banner && banner.querySelector(".alert-note");
    try {
      apply(await S.api(`/v1/alerts/${encodeURIComponent(id)}/${action}`, { key, method: "POST" }));
      render();
    } catch (err) {
      if (note) S.text(note, `${action} failed: ${err.message}`);
    }
  }

  function render() {
    const box = $("alert-banners");
    const sorted = [...alerts.values()].sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    const keep = new Set(sorted.map((a) => a.id));
    for (const el of [...box.children]) if (!keep.has(el.dataset.alertId)) el.remove();
    for (const alert of sorted) {
      let el = box.querySelector(`[data-alert-id="${CSS.escape(alert.id)}"]`);
      if (!el) {
        el = document.createElement("div");
        el.className = "alert-banner";
        el.dataset.alertId = alert.id;
        el.setAttribute("role", "status");
        el.innerHTML = "<strong class='alert-kind'></strong> <span class='alert-message'></span> " +
          "<span class='alert-state'></span> <button type='button' class='alert-ack'>Acknowledge</button> " +
          "<button type='button' class='alert-resolve'>Resolve</button> <span class='alert-note status-line'></span>";
        el.querySelector(".alert-ack").onclick = () => act(alert.id, "acknowledge");
        el.querySelector(".alert-resolve").onclick = () => act(alert.id, "resolve");
        box.prepend(el);
      }
      el.dataset.state = alert.state;
      el.classList.toggle("acknowledged", alert.state === "acknowledged");
      S.text(el.querySelector(".alert-kind"), alert.kind);
      S.text(el.querySelector(".alert-message"), alert.message);
      S.text(el.querySelector(".alert-state"), alert.state === "acknowledged" ? `acknowledged by ${alert.acknowledgedBy}` : "open");
      el.querySelector(".alert-ack").hidden = alert.state !== "open";
    }
    S.text($("alert-count"), String(alerts.size));
  }

  async function loadWebhooks() {
    let list;
    try { list = await S.api("/v1/webhooks", { key }); } catch (_) { return; }
    const failing = list.webhooks.filter((w) => w.consecutiveFailures > 0);
    const rows = $("webhook-rows");
    rows.replaceChildren();
    for (const w of failing) {
      const tr = document.createElement("tr");
      for (const value of [w.id, w.businessId, w.url, String(w.consecutiveFailures)]) {
        const td = document.createElement("td"); td.textContent = value; tr.append(td);
      }
      rows.append(tr);
    }
    $("webhook-panel").hidden = failing.length === 0;
  }

  return { start };
})();
