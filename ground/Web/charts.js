// Small SVG charts for the analytics page: bar charts over labelled values and histograms.
"use strict";
const Charts = (() => {
  const W = 480, H = 240, M = { left: 40, right: 10, top: 10, bottom: 34 };

  function frame(svgEl) {
    svgEl.replaceChildren();
    svgEl.setAttribute("viewBox", `0 0 ${W} ${H}`);
    return svgEl;
  }

  function empty(svgEl, message) {
    frame(svgEl);
    const t = SkyRelay.svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, svgEl);
    t.textContent = message;
  }

  // bars: [{label, value, title}], every label under its bar unless crowded.
  function bars(svgEl, items, { format = (v) => String(v), signed = false } = {}) {
    if (!items.length) return empty(svgEl, "no data in this range");
    frame(svgEl);
    const values = items.map((i) => i.value);
    const max = Math.max(0, ...values), min = signed ? Math.min(0, ...values) : 0;
    const span = max - min || 1;
    const plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
    const y = (v) => M.top + ((max - v) / span) * plotH;
    const bw = plotW / items.length;
    const svg = SkyRelay.svg;
    svg("line", { x1: M.left, y1: y(0), x2: W - M.right, y2: y(0), class: "axis" }, svgEl);
    svg("line", { x1: M.left, y1: M.top, x2: M.left, y2: H - M.bottom, class: "axis" }, svgEl);
    for (const [v, anchor] of [[max, "end"], [min, "end"]]) {
      const t = svg("text", { x: M.left - 4, y: y(v) + 4, "text-anchor": anchor }, svgEl);
      t.textContent = format(v);
    }
    const every = Math.ceil(items.length / 12);
    items.forEach((item, i) => {
      const top = Math.min(y(item.value), y(0)), h = Math.abs(y(item.value) - y(0));
      const rect = svg("rect", { x: M.left + i * bw + bw * 0.1, y: top, width: bw * 0.8, height: Math.max(h, item.value ? 1 : 0),
                                 class: "bar" + (item.value < 0 ? " negative" : ""), "data-value": item.value }, svgEl);
      svg("title", {}, rect).textContent = item.title || `${item.label}: ${format(item.value)}`;
      if (i % every === 0) {
        const t = svg("text", { x: M.left + i * bw + bw / 2, y: H - M.bottom + 14, "text-anchor": "middle" }, svgEl);
        t.textContent = item.label;
      }
    });
  }

  // The smallest of 1, 2 or 5 times a power of ten that is at least x.
  function niceStep(x) {
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= x);
  }

  // Histogram of numbers in bins of a round width (about `binCount` of them over the data's range);
  // the bars' labels are the bins' lower edges.
  function histogram(svgEl, numbers, { binCount = 12 } = {}) {
    const xs = numbers.filter((n) => n != null && isFinite(n));
    if (!xs.length) return empty(svgEl, "no data in this range");
    const lo = Math.min(...xs), hi = Math.max(...xs);
    const step = niceStep(hi > lo ? (hi - lo) / binCount : Math.max(Math.abs(lo) / 10, 1));
    const start = Math.floor(lo / step) * step;
    const bins = Math.max(1, Math.floor((hi - start) / step) + 1);
    const counts = new Array(bins).fill(0);
    for (const x of xs) counts[Math.min(bins - 1, Math.floor((x - start) / step))] += 1;
    const digits = step >= 1 ? 0 : Math.ceil(-Math.log10(step));
    const format = (v) => v.toFixed(digits);
    bars(svgEl, counts.map((c, i) => ({
      label: format(start + i * step), value: c,
      title: `${format(start + i * step)} to ${format(start + (i + 1) * step)}: ${c}`,
    })));
  }

  return { bars, histogram, empty };
})();
