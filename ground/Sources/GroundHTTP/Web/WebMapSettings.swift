import Hummingbird

/// `GET /ui/map.json`: what the pages need to draw tiles. `tiles` is null when no tiles are
/// configured or Leaflet is not served, and the pages then draw their vector view.
struct WebMapSettings: ResponseEncodable {
    var tiles: String?
    var attribution: String
    /// URL folder of leaflet.js and leaflet.css.
    var leaflet: String?

    init(_ map: WebMap) {
        let usable = map.tiles != nil && map.leafletRoot != nil
        tiles = usable ? map.tiles : nil
        attribution = map.attribution
        leaflet = usable ? "/ui/leaflet/" : nil
    }

    // Encoded with explicit nulls: a page reads `tiles === null` as "no tiles", not a missing field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tiles, forKey: .tiles)
        try container.encode(attribution, forKey: .attribution)
        try container.encode(leaflet, forKey: .leaflet)
    }

    enum CodingKeys: String, CodingKey { case tiles, attribution, leaflet }
}
