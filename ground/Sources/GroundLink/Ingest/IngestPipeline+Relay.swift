import FleetProtocol
import Foundation
import MQTTClient

/// The ground-internal relay between instances of a share group (see ``GroundRelayTopics``): each
/// telemetry sample reaches one instance through the shared subscription; that instance relays it so
/// every instance's fleet view and ETA tracking see the whole stream, and status changes reach every
/// instance's tracking streams. Storing and counting stay with the instance that took the sample.
extension IngestPipeline {
    /// A message on a ground-internal topic: applied unless this instance sent it; a bad one is
    /// counted (`skyrelay_bad_payloads_total{kind="ground_live"|"ground_tracking"|"ground_alert"|
    /// "ground_swaps"}`) and logged.
    mutating func handleRelayed(_ message: MQTTMessage, kind: GroundRelayTopics.Kind, into batch: inout TelemetryBatch)
        async
    {
        switch kind {
        case .live:
            // Our own batches come back (the subscription is not shared): the topic names the origin,
            // so they are dropped before any decoding.
            if let relay, message.topic == relay.live(origin: origin) { return }
            let relayed: RelayedTelemetry
            do { relayed = try RelayedTelemetry.decode(message.payload, decoder: relayDecoder) } catch {
                reject(kind: "ground_live", error, message)
                return
            }
            guard relayed.origin != origin else { return }
            var applied = 0
            for sample in relayed.samples where advanceLive(sample) {
                await applyLive(sample, into: &batch)
                applied += 1
            }
            ingest.metrics.recordRelay(kind: "live", outcome: "applied", count: applied)
        case .tracking:
            guard
                let relayed = othersChange(
                    RelayedStatusChange.self, message, ownTopic: nil, badKind: "ground_tracking", decoder: statusDecoder
                )
            else { return }
            if relayed.update.status.isTerminal { estimators[relayed.update.deliveryID] = nil }
            await ingest.deliveries.applyRelayed(relayed.update)
            ingest.metrics.recordRelay(kind: "tracking", outcome: "applied")
        case .alerts:
            guard
                let relayed = othersChange(
                    RelayedAlert.self, message, ownTopic: relay?.alerts(origin: origin), badKind: "ground_alert",
                    decoder: statusDecoder),
                let alerts = ingest.alerts
            else { return }
            await alerts.applyRelayed(relayed.alert)
            ingest.metrics.recordRelay(kind: "alert", outcome: "applied")
        case .swaps:
            guard
                let relayed = othersChange(
                    RelayedSwapChange.self, message, ownTopic: relay?.swaps(origin: origin), badKind: "ground_swaps",
                    decoder: relayDecoder),
                let swaps = ingest.swaps
            else { return }
            await swaps.applyRelayed(relayed.change)
            ingest.metrics.recordRelay(kind: "swaps", outcome: "applied")
        }
    }

    /// Another instance's relayed change, or nil: this instance's own (by its topic, dropped before any
    /// decoding, or by its origin) or a bad one, counted as `badKind`.
    private func othersChange<Message: RelayedChangeEnvelope>(
        _: Message.Type, _ message: MQTTMessage, ownTopic: String?, badKind: String, decoder: JSONDecoder
    ) -> Message? {
        if let ownTopic, message.topic == ownTopic { return nil }
        let relayed: Message
        do { relayed = try Message.decode(message.payload, topic: message.topic, decoder: decoder) } catch {
            reject(kind: badKind, error, message)
            return nil
        }
        return relayed.origin == origin ? nil : relayed
    }

    /// Relays the samples this instance took in the batch (see ``LiveRelayThrottle``), QoS 0 like
    /// telemetry itself: a lost relay is replaced by the next sample.
    mutating func relayHandled(_ batch: TelemetryBatch) async {
        guard let relay else { return }
        let now = ContinuousClock.now
        var out: [Telemetry] = []
        for sample in batch.handled {
            if let immediate = relayThrottle.offer(sample, at: now) { out.append(immediate) }
        }
        out += relayThrottle.due(at: now)
        guard !out.isEmpty else { return }
        let topic = relay.live(origin: origin)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var start = 0
        while start < out.count {
            let chunk = Array(out[start..<min(start + RelayedTelemetry.maxSamples, out.count)])
            start += chunk.count
            do {
                let payload = try encoder.encode(RelayedTelemetry(origin: origin, samples: chunk))
                try await ingest.client.publish(topic, payload: [UInt8](payload), qos: .atMostOnce)
                ingest.metrics.recordRelay(kind: "live", outcome: "sent", count: chunk.count)
            } catch {
                ingest.metrics.recordRelay(kind: "live", outcome: "failed", count: chunk.count)
                ingest.logger.debug(
                    "live telemetry not relayed", metadata: ["samples": "\(chunk.count)", "error": "\(error)"])
            }
        }
    }
}
