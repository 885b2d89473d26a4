import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension RotatedKey: ResponseEncodable {}

extension GroundAPI {
    /// `POST /v1/businesses/{id}/rotate-key`: a new key for the business (its own current key, or the
    /// operator's; another id with a business key is a 403, an unknown one for the operator a 404). The replaced key keeps working for the configured grace period; tracking links are
    /// keyed by the current key, so the rotation revokes every link at once.
    func addKeyRotationRoute(to group: RouterGroup<GroundRequestContext>) {
        group.post("businesses/:id/rotate-key") { _, context -> RotatedKey in
            let principal = try context.requireAuthenticated()
            let id = try context.pathID("id")
            let notFound = APIError(.notFound, code: "not_found", message: "no business \(id)")
            if let tenant = principal.tenantID {
                // The same answer for every other id, existing or not: a business learns nothing of others.
                guard tenant == id else {
                    throw APIError(
                        .forbidden, code: "not_own_business",
                        message: "a business key rotates its own business's key only")
                }
                // A key on its way out must not mint its own successor: that would outlive its grace.
                guard context.keyExpiresAt == nil else {
                    throw APIError(
                        .forbidden, code: "key_superseded",
                        message: "this key was replaced by a rotation; rotate with the current key")
                }
            }
            let key = APIKey.generate()
            let expiry = Date().addingTimeInterval(credentials.keyRotationGrace.timeInterval)
            guard
                let business = try await store.rotateBusinessKey(
                    id: id, newKeyHash: APIKey.hash(key), previousKeyExpiresAt: expiry)
            else { throw notFound }
            // The replaced key's cached verification would not know its grace started.
            await authenticator.keysChanged()
            return RotatedKey(id: business.id, apiKey: key, previousKeyExpiresAt: expiry)
        }
    }
}
