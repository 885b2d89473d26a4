import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension RemoteIDResponse: ResponseEncodable {}

extension GroundAPI {
    /// Network Remote ID feed for a UTM service provider (read-only). Behind the operator key: the feed
    /// holds every aircraft's live position and the operator's location, as sensitive as the fleet view,
    /// and a third kind of key would widen every route's tenant check (a key without a tenant sees all).
    func addRemoteIDRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("remote-id") { _, context -> RemoteIDResponse in
            try context.requireOperator()
            let aircraft = await fleet.all().compactMap { RemoteIDResponse.Aircraft($0, operator: remoteIDOperator) }
            return RemoteIDResponse(timestamp: Date(), aircraft: aircraft.sorted { $0.uasID < $1.uasID })
        }
    }
}
