import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension RemoteIDResponse: ResponseEncodable {}

extension GroundAPI {
    /// Network Remote ID feed for a UTM service provider (read-only). Behind an operator key, `viewer`
    /// included: the feed holds every aircraft's live position and the operator's location, as sensitive
    /// as the fleet view; the provider gets its own `viewer` account, which can change nothing.
    func addRemoteIDRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("remote-id") { _, context -> RemoteIDResponse in
            try context.requireOperatorView()
            let aircraft = await fleet.all().compactMap { RemoteIDResponse.Aircraft($0, operator: remoteIDOperator) }
            return RemoteIDResponse(timestamp: Date(), aircraft: aircraft.sorted { $0.uasID < $1.uasID })
        }
    }
}
