import FleetProtocol

/// Ground-internal topics between ground-control instances of one share group (never drone topics):
///
/// - `<prefix>/ground/live/<origin>`: telemetry samples an instance took from the shared
///   subscription, re-published so every instance keeps the whole fleet live (``RelayedTelemetry``);
/// - `<prefix>/ground/tracking/<deliveryId>`: each delivery status change an instance made
///   (``RelayedStatusChange``), so every instance's SSE streams see it and end on a terminal status;
/// - `<prefix>/ground/alerts/<origin>`: each alert change an instance made (``RelayedAlert``), so every
///   instance's alert stream shows every change;
/// - `<prefix>/ground/swaps/<origin>`: the depots whose swap lists the scheduler leader wrote
///   (``RelayedSwapChange``), so every instance's depot swap streams read them again.
///
/// Every instance subscribes to all of them without a share group and ignores what it published itself.
/// The broker ACL gives them to the ground account only (deploy/broker/services.acl).
package struct GroundRelayTopics: Sendable {
    let root: String

    init(_ topics: FleetTopics) {
        root = topics.prefix + "/ground/"
    }

    func live(origin: String) -> String { root + "live/" + origin }
    func tracking(deliveryID: String) -> String { root + "tracking/" + deliveryID }
    func alerts(origin: String) -> String { root + "alerts/" + origin }
    func swaps(origin: String) -> String { root + "swaps/" + origin }

    /// The non-shared filters every instance subscribes to.
    var filters: [String] { [root + "live/+", root + "tracking/+", root + "alerts/+", root + "swaps/+"] }

    enum Kind: String { case live, tracking, alerts, swaps }

    /// The kind of a received ground-internal topic; nil for any other topic (a drone topic).
    func kind(of topic: String) -> Kind? {
        guard topic.hasPrefix(root) else { return nil }
        let rest = topic.dropFirst(root.count)
        if rest.hasPrefix("live/") { return .live }
        if rest.hasPrefix("tracking/") { return .tracking }
        if rest.hasPrefix("alerts/") { return .alerts }
        if rest.hasPrefix("swaps/") { return .swaps }
        return nil
    }
}
