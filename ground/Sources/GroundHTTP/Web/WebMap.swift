/// What the pages draw their map on: street tiles through the Leaflet copy ground serves, or, with
/// neither (or when the tiles do not load in the browser), the pages' own vector view alone.
package struct WebMap: Sendable, Hashable {
    /// OpenStreetMap's standard tiles; their usage policy asks for the attribution below.
    package static let openStreetMapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    package static let openStreetMapAttribution = "© OpenStreetMap contributors"
    /// Where Debian's `libjs-leaflet` installs Leaflet (leaflet.js, leaflet.css, images/).
    package static let debianLeaflet = "/usr/share/javascript/leaflet"

    /// Tile URL template in Leaflet's form (`{z}/{x}/{y}`, optional `{s}`); nil draws no tiles.
    package var tiles: String?
    /// Credit shown on the map for the tiles (HTML is not interpreted).
    package var attribution: String
    /// Folder holding `leaflet.js`, served under `/ui/leaflet`; nil draws no tiles.
    package var leafletRoot: String?

    package init(
        tiles: String? = WebMap.openStreetMapTiles, attribution: String = WebMap.openStreetMapAttribution,
        leafletRoot: String? = nil
    ) {
        self.tiles = tiles
        self.attribution = attribution
        self.leafletRoot = leafletRoot
    }

    /// Vector view only: no tiles, no Leaflet.
    package static let vectorOnly = WebMap(tiles: nil, leafletRoot: nil)
}
