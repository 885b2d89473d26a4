import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension RegisteredBusiness: ResponseEncodable {}

extension GroundAPI {
    func addBusinessRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("businesses") { request, context -> EditedResponse<RegisteredBusiness> in
            let body = try await request.decodeJSON(RegisterBusinessRequest.self, context: context)
            let name = try body.name.validatedFreeText(field: "name", maxLength: 200)
            let key = APIKey.generate()
            let business = Business(
                id: "biz_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
                name: name, apiKeyHash: APIKey.hash(key), createdAt: Date()
            )
            try await store.insertBusiness(business)
            return EditedResponse(
                status: .created,
                response: RegisteredBusiness(id: business.id, name: name, apiKey: key, createdAt: business.createdAt)
            )
        }
    }
}
