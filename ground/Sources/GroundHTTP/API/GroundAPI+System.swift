import Hummingbird

extension GroundAPI {
    func addSystemRoutes(to router: Router<GroundRequestContext>) {
        router.get("health") { _, _ in
            ["status": "ok"]
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition()))
            )
        }
    }
}
