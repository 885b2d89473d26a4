import Foundation
import GroundAPIModel
import GroundCore
import HTTPTypes
import Hummingbird
import NIOCore

extension DeliveryProofResponse: ResponseEncodable {}

extension GroundAPI {
    /// Proof of delivery, readable by whoever may track the delivery: the operator, the owning business
    /// (another's is a 404) or the delivery's tracking token (`?token=`, what the tracking page has).
    func addProofRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.get("deliveries/:id/proof") { request, context -> DeliveryProofResponse in
            let id = try context.pathID("id")
            let access = try await deliveryAccess(request, context: context, deliveryID: id)
            _ = try await deliveries.get(id, businessID: access.tenantID)
            guard let proof = try await store.proof(deliveryID: id) else {
                throw APIError(.notFound, code: "not_found", message: "no proof of delivery for \(id) yet")
            }
            var url = "/v1/deliveries/\(id)/proof/image"
            if case .trackingToken = access, let token = request.uri.queryParameters.get("token") {
                url += "?token=" + (String(token).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            return DeliveryProofResponse(proof, imageURL: url)
        }

        group.get("deliveries/:id/proof/image") { request, context -> Response in
            let id = try context.pathID("id")
            let access = try await deliveryAccess(request, context: context, deliveryID: id)
            _ = try await deliveries.get(id, businessID: access.tenantID)
            guard let proof = try await store.proof(deliveryID: id), proof.imageComplete,
                let mediaType = proof.imageMediaType, let image = try await store.proofImage(deliveryID: id)
            else {
                throw APIError(.notFound, code: "not_found", message: "no stored proof photo for \(id)")
            }
            var headers = HTTPFields()
            headers[.contentType] = mediaType
            // The photo never changes once stored; private: it may be opened with a tracking token.
            headers[.cacheControl] = "private, max-age=86400, immutable"
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: image)))
        }
    }
}
