// The pages' map: street tiles through Leaflet (served by ground from Debian's libjs-leaflet) when
// they load, else the vector view of common.js (FleetMap). Both draw the same things: service area,
// places, routes and drones.
//
// The page talks to a MapView only. It keeps what was drawn, so a renderer that arrives late (Leaflet
// after its script and first tile) starts complete. The vector view shows at once; the tiles replace
// it after their first tile loads, and if no tile loads (offline, blocked, a tile server down) the
// vector view stays, with nothing lost.
"use strict";

const SkyRelayMap = (() => {
  // No tile at all this long after the tiles were asked for: the tile server is not answering.
  const TILE_PATIENCE_MS = 15000;

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function loadOnce(tag, attrs) {
    return new Promise((resolve, reject) => {
      const el = document.createElement(tag);
      Object.assign(el, attrs);
      el.onload = resolve;
      el.onerror = () => reject(new Error(`${attrs.src || attrs.href} did not load`));
      document.head.appendChild(el);
    });
  }

  // Leaflet drawing of the MapView's calls. Markers are divs so that drones and places carry the
  // same classes and data attributes as in the vector view.
  class TileRenderer {
    // onView: the map got its first view, so tiles are being asked for from now on.
    constructor(container, settings, { onView, onFirstTile, onNoTiles }) {
      this.onView = onView;
      this.map = L.map(container, { zoomControl: true, attributionControl: true });
      this.map.attributionControl.setPrefix("Leaflet");
      this.tiles = L.tileLayer(settings.tiles, { attribution: escapeHTML(settings.attribution || ""), maxZoom: 19 });
      let loaded = 0;
      // The decisions run after Leaflet's own handling of the tile: removing the map from inside
      // its event would leave Leaflet finishing the tile on a map that is gone.
      this.tiles.on("tileload", () => { if (loaded++ === 0) setTimeout(onFirstTile, 0); });
      // "load" fires when every tile of the view is done, failed ones included.
      this.tiles.on("load", () => { if (loaded === 0) setTimeout(onNoTiles, 0); });
      this.tiles.addTo(this.map);
      this.layers = { area: L.layerGroup().addTo(this.map), routes: new Map(), places: new Map(), drones: new Map() };
      this.bounds = null;
    }

    include(points) {
      const fresh = points.filter((p) => p && isFinite(p[0]) && isFinite(p[1]));
      if (!fresh.length) return;
      const before = this.bounds ? this.bounds.toBBoxString() : "";
      const first = !this.bounds;
      if (first) this.bounds = L.latLngBounds(fresh);
      else for (const p of fresh) this.bounds.extend(p);
      if (this.bounds.toBBoxString() !== before) this.map.fitBounds(this.bounds.pad(0.08), { animate: false, maxZoom: 17 });
      if (first) this.onView();
    }

    setArea(rings) {
      this.layers.area.clearLayers();
      for (const ring of rings) {
        L.polygon(ring, { className: "service-area", interactive: false }).addTo(this.layers.area);
      }
      this.include(rings.flat());
    }

    place(id, lat, lon, kind, title) {
      this.include([[lat, lon]]);
      let marker = this.layers.places.get(id);
      if (!marker) {
        marker = L.marker([lat, lon], {
          icon: L.divIcon({ className: `place place-${kind}`, iconSize: [14, 14] }), title: title || id,
          alt: title || id, keyboard: false, interactive: true,
        }).addTo(this.map);
        marker.getElement().dataset.placeId = id;
        this.layers.places.set(id, marker);
      }
      marker.setLatLng([lat, lon]);
    }

    route(id, points, kind) {
      this.include(points);
      let line = this.layers.routes.get(id);
      if (!line) {
        line = L.polyline(points, { className: kind, interactive: false }).addTo(this.map);
        line.getElement().dataset.routeId = id;
        this.layers.routes.set(id, line);
      } else {
        line.setLatLngs(points);
      }
    }

    removeRoute(id) {
      const line = this.layers.routes.get(id);
      if (line) { line.remove(); this.layers.routes.delete(id); }
    }

    removePlace(id) {
      const marker = this.layers.places.get(id);
      if (marker) { marker.remove(); this.layers.places.delete(id); }
    }

    drone(id, { lat, lon, headingDeg, batteryPercent, online, selected, label: name }, onClick) {
      this.include([[lat, lon]]);
      let marker = this.layers.drones.get(id);
      if (!marker) {
        const html = "<svg class='drone-glyph' viewBox='-12 -12 24 24' width='26' height='26' aria-hidden='true'>"
          + "<path class='drone-arrow' d='M0,-10 L7,8 L0,3.5 L-7,8 Z'/></svg><span class='drone-label'></span>";
        marker = L.marker([lat, lon], {
          icon: L.divIcon({ className: "drone-marker", html, iconSize: [26, 26] }), title: name || id, alt: name || id,
          zIndexOffset: 1000, riseOnHover: true,
        }).addTo(this.map);
        const el = marker.getElement();
        el.dataset.droneId = id;
        el.querySelector(".drone-label").textContent = name || id;
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", `drone ${name || id}`);
        marker.on("click", () => onClick && onClick(id));
        this.layers.drones.set(id, marker);
      }
      marker.setLatLng([lat, lon]);
      const el = marker.getElement();
      el.querySelector(".drone-glyph").style.transform = `rotate(${(headingDeg || 0).toFixed(1)}deg)`;
      for (const c of ["battery-good", "battery-low", "battery-critical", "battery-unknown"]) el.classList.remove(c);
      el.classList.add(SkyRelay.batteryClass(batteryPercent));
      el.classList.toggle("offline", online === false);
      el.classList.toggle("selected", !!selected);
      el.dataset.lat = lat;
      el.dataset.lon = lon;
    }

    remove() { this.map.remove(); }
  }

  // What the page draws, kept so that a renderer can be given all of it when it starts.
  class MapView {
    // box: the element holding the vector view's <svg class="map">; its data-map tells which view
    // is shown ("loading" while the tiles are being tried, then "tiles" or "vector").
    constructor(box) {
      this.box = box;
      this.svg = box.querySelector("svg.map");
      this.vector = new SkyRelay.FleetMap(this.svg);
      this.tiles = null;
      this.onSelect = null;
      this.area = [];
      this.places = new Map();
      this.routes = new Map();
      this.drones = new Map();
      this.box.dataset.map = "loading";
      this.tryTiles().catch((err) => this.useVector(err.message));
    }

    async tryTiles() {
      const res = await fetch("/ui/map.json");
      if (!res.ok) throw new Error(`map settings: HTTP ${res.status}`);
      const settings = await res.json();
      if (!settings.tiles || !settings.leaflet) return this.useVector("no tiles configured");
      this.box.dataset.tiles = settings.tiles;
      await loadOnce("link", { rel: "stylesheet", href: settings.leaflet + "leaflet.css" });
      if (typeof L === "undefined") await loadOnce("script", { src: settings.leaflet + "leaflet.js" });
      const div = document.createElement("div");
      div.className = "tile-map";
      this.box.insertBefore(div, this.svg);
      this.tiles = new TileRenderer(div, settings, {
        // Until the page has something to show there is no view and no tile is asked for: the
        // patience starts with the first view (the fleet page waits for its key).
        onView: () => {
          this.patience = setTimeout(() => { if (this.box.dataset.map === "loading") this.useVector("tiles too slow"); }, TILE_PATIENCE_MS);
        },
        onFirstTile: () => this.useTiles(),
        onNoTiles: () => this.useVector("no tile loaded"),
      });
      this.replay(this.tiles);
    }

    useTiles() {
      if (this.box.dataset.map !== "loading") return;
      clearTimeout(this.patience);
      this.svg.remove();
      this.vector = null;
      this.box.dataset.map = "tiles";
      this.tiles.map.invalidateSize();
    }

    useVector(why) {
      if (this.box.dataset.map === "vector") return;
      clearTimeout(this.patience);
      if (this.tiles) {
        this.tiles.remove();
        this.box.querySelector(".tile-map")?.remove();
        this.tiles = null;
      }
      this.box.dataset.map = "vector";
      this.box.dataset.why = why;
    }

    replay(renderer) {
      if (this.area.length) renderer.setArea(this.area);
      for (const [id, p] of this.places) renderer.place(id, p.lat, p.lon, p.kind, p.title);
      for (const [id, r] of this.routes) renderer.route(id, r.points, r.kind);
      for (const [id, d] of this.drones) renderer.drone(id, d, (which) => this.onSelect && this.onSelect(which));
    }

    // Service area (ground's geofence) from the GeoJSON of GET /v1/service-area.
    setArea(geojson) {
      this.area = [];
      for (const f of (geojson && geojson.features) || []) {
        const ring = (f.geometry && f.geometry.coordinates && f.geometry.coordinates[0]) || [];
        this.area.push(ring.map(([lon, lat]) => [lat, lon]));
      }
      if (this.vector) this.vector.setArea(geojson);
      if (this.tiles) this.tiles.setArea(this.area);
    }

    place(id, lat, lon, kind, title) {
      this.places.set(id, { lat, lon, kind, title });
      if (this.vector) this.vector.place(id, lat, lon, kind, title);
      if (this.tiles) this.tiles.place(id, lat, lon, kind, title);
    }

    route(id, points, kind = "route") {
      this.routes.set(id, { points: points.slice(), kind });
      if (this.vector) this.vector.route(id, points, kind);
      if (this.tiles) this.tiles.route(id, points, kind);
    }

    removeRoute(id) {
      this.routes.delete(id);
      if (this.vector) this.vector.removeRoute(id);
      if (this.tiles) this.tiles.removeRoute(id);
    }

    removePlace(id) {
      this.places.delete(id);
      if (this.vector) this.vector.removePlace(id);
      if (this.tiles) this.tiles.removePlace(id);
    }

    drone(id, drone) {
      this.drones.set(id, Object.assign({}, drone));
      if (this.vector) {
        const el = this.vector.drone(id, drone);
        el.onclick = () => this.onSelect && this.onSelect(id);
      }
      if (this.tiles) this.tiles.drone(id, drone, (which) => this.onSelect && this.onSelect(which));
    }
  }

  return { MapView, TILE_PATIENCE_MS };
})();
