import Hummingbird

extension GroundAPI {
    /// The browser pages' files under `/ui`, served by ground itself (no CDN, no tile server).
    /// Added right after the error middleware: FileMiddleware answers for paths no route matched.
    func addWebMiddleware(to router: Router<GroundRequestContext>) {
        guard let webRoot else { return }
        router.add(middleware: FileMiddleware(
            webRoot, urlBasePath: "/ui", cacheControl: .init([(MediaType(type: .any), [.noCache])]),
            searchForIndexHtml: true))
    }

    func addWebRedirects(to router: Router<GroundRequestContext>) {
        guard webRoot != nil else { return }
        router.get("/") { _, _ in Response.redirect(to: "/ui/") }
    }
}
