import Hummingbird

extension GroundAPI {
    /// The browser pages' files under `/ui`, served by ground itself (no CDN), and Leaflet under
    /// `/ui/leaflet` from its own folder (Debian's libjs-leaflet). Added right after the error
    /// middleware: FileMiddleware answers for paths no route matched, the inner one first.
    func addWebMiddleware(to router: Router<GroundRequestContext>) {
        guard let webRoot else { return }
        router.add(
            middleware: FileMiddleware(
                webRoot, urlBasePath: "/ui", cacheControl: .init([(MediaType(type: .any), [.noCache])]),
                searchForIndexHtml: true))
        if let leaflet = webMap.leafletRoot {
            router.add(middleware: FileMiddleware(leaflet, urlBasePath: "/ui/leaflet", searchForIndexHtml: false))
        }
    }

    /// Only with pages: `/` to them, and the map settings they read (public, like the pages).
    func addWebRedirects(to router: Router<GroundRequestContext>) {
        guard webRoot != nil else { return }
        router.get("/") { _, _ in Response.redirect(to: "/ui/") }
        router.get("/ui/map.json") { _, _ in WebMapSettings(webMap) }
    }
}
