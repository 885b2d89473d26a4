import FleetProtocol

extension IngestPipeline {
    /// The drone's log watch, loaded from the store the first time this process hears of the drone. A
    /// drone ground already has events of is asked once for everything after the whole part: this process
    /// may have died with the newest ones acknowledged by its MQTT client but not stored.
    mutating func eventLog(of droneID: String) async -> EventLogWatch? {
        if let watch = eventLogs[droneID] { return watch }
        let extent: (contiguousThrough: Int64, storedAbove: [Int64])
        do { extent = try await ingest.store.eventLogExtent(droneID: droneID) } catch {
            ingest.logger.error("event log extent not read", metadata: ["drone": "\(droneID)", "error": "\(error)"])
            return nil
        }
        var watch = EventLogWatch(contiguousThrough: extent.contiguousThrough, storedAbove: extent.storedAbove)
        if watch.hasHole { eventLogHoles.insert(droneID) }
        if extent.contiguousThrough > 0 || !extent.storedAbove.isEmpty, let dispatcher = ingest.dispatcher {
            await dispatcher.requestEventReplay(droneID: droneID, fromSeq: watch.restartRequest())
        }
        eventLogs[droneID] = watch
        return watch
    }

    /// Updates the watch after an event was stored.
    mutating func eventStored(_ seq: Int64, droneID: String) async {
        guard var watch = await eventLog(of: droneID) else { return }
        watch.stored(seq)
        eventLogs[droneID] = watch
        if watch.hasHole { eventLogHoles.insert(droneID) } else { eventLogHoles.remove(droneID) }
    }

    /// Asks each drone whose hole has outlasted the grace period to re-send from it.
    mutating func askForMissingEvents() async {
        guard let dispatcher = ingest.dispatcher, !eventLogHoles.isEmpty else { return }
        for droneID in eventLogHoles {
            guard var watch = eventLogs[droneID],
                let fromSeq = watch.replayRequest(grace: Self.eventHoleGrace, retry: Self.eventReplayRetry)
            else { continue }
            eventLogs[droneID] = watch
            ingest.metrics.recordIngest(kind: "event_replay_request")
            ingest.logger.warning(
                "event log has a hole, asking the drone again",
                metadata: [
                    "drone": "\(droneID)", "fromSeq": "\(fromSeq)", "storedAbove": "\(watch.storedAbove.count)",
                ])
            await dispatcher.requestEventReplay(droneID: droneID, fromSeq: fromSeq)
        }
    }
}
