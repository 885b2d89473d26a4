import GroundCore
import NIOCore

/// The changed drones of `GET /v1/fleet/stream`, read once for every open stream.
///
/// While a stream is open, one task looks at the registry each time it changed
/// (``FleetRegistry/changes()``), at most once per ``interval``; each drone whose state changed gets a
/// sequence number and its `drone` frame, encoded once. Streams pull what changed
/// after their own cursor: a stream that kept up gets the last look's batch (one shared buffer), one that
/// fell behind gets each changed drone's newest frame once. A stream's own state is its cursor and a
/// one-slot wake-up signal, so a slow reader skips intermediate states and never grows memory.
package actor FleetStreamFanout {
    private struct Entry {
        var sequence: UInt64
        var frame: ByteBuffer
    }

    private let fleet: FleetRegistry
    let interval: Duration
    let heartbeat: Duration
    private var known: [String: DroneLiveState] = [:]
    private var entries: [String: Entry] = [:]
    private var sequence: UInt64 = 0
    /// The last look's frames, for every stream whose cursor was at its start.
    private var batch: (from: UInt64, to: UInt64, bytes: ByteBuffer)?
    private var snapshot: (sequence: UInt64, bytes: ByteBuffer)?
    private var streams: [UInt64: AsyncStream<FleetStreamSignal>.Continuation] = [:]
    private var counter: UInt64 = 0
    private var lastChange = ContinuousClock.now
    private var watcher: Task<Void, Never>?
    private var heartbeats: Task<Void, Never>?

    package init(fleet: FleetRegistry, interval: Duration, heartbeat: Duration) {
        self.fleet = fleet
        self.interval = interval
        self.heartbeat = heartbeat
    }

    /// A new stream: the fleet frame to send first, the cursor it stands for, and the signals that wake
    /// the stream to pull ``frames(after:)``.
    func subscribe() async -> (fleet: ByteBuffer, cursor: UInt64, signals: AsyncStream<FleetStreamSignal>) {
        let (signals, continuation) = AsyncStream.makeStream(
            of: FleetStreamSignal.self, bufferingPolicy: .bufferingNewest(1))
        counter += 1
        let token = counter
        if watcher == nil {
            start()
            await look()
        }
        streams[token] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.leave(token: token) }
        }
        let fleetFrame: ByteBuffer
        if let snapshot, snapshot.sequence == sequence {
            fleetFrame = snapshot.bytes
        } else {
            fleetFrame = FleetStreamFrame.fleet(known.values.sorted { $0.droneID < $1.droneID })
            snapshot = (sequence, fleetFrame)
        }
        return (fleetFrame, sequence, signals)
    }

    /// The frames of every drone that changed after `cursor` (each drone's newest once, in the order
    /// they changed), and the cursor they bring the stream to; nil bytes when nothing changed.
    func frames(after cursor: UInt64) -> (bytes: ByteBuffer?, cursor: UInt64) {
        guard cursor < sequence else { return (nil, sequence) }
        if let batch, batch.from == cursor, batch.to == sequence { return (batch.bytes, sequence) }
        var bytes = ByteBuffer()
        for entry in entries.values.filter({ $0.sequence > cursor }).sorted(by: { $0.sequence < $1.sequence }) {
            bytes.writeImmutableBuffer(entry.frame)
        }
        return (bytes, sequence)
    }

    /// Open fleet streams (tests and diagnostics).
    package var streamCount: Int { streams.count }

    private func look() async {
        let drones = await fleet.all()
        let from = sequence
        var bytes = ByteBuffer()
        for state in drones where known[state.droneID] != state {
            known[state.droneID] = state
            sequence += 1
            let frame = FleetStreamFrame.drone(state)
            entries[state.droneID] = Entry(sequence: sequence, frame: frame)
            bytes.writeImmutableBuffer(frame)
        }
        if known.count > drones.count {
            // A retired drone leaves the snapshot new streams get (the open ones keep its last frame).
            let present = Set(drones.map(\.droneID))
            known = known.filter { present.contains($0.key) }
            entries = entries.filter { present.contains($0.key) }
            snapshot = nil
        }
        if sequence != from {
            batch = (from, sequence, bytes)
            lastChange = .now
            for continuation in streams.values { continuation.yield(.changed) }
        }
    }

    /// A heartbeat on every stream when no drone changed for a heartbeat interval.
    private func beatIfQuiet() {
        guard ContinuousClock.now - lastChange >= heartbeat else { return }
        lastChange = .now
        for continuation in streams.values { continuation.yield(.heartbeat) }
    }

    private func leave(token: UInt64) {
        streams[token] = nil
        guard streams.isEmpty else { return }
        watcher?.cancel()
        heartbeats?.cancel()
        (watcher, heartbeats) = (nil, nil)
    }

    private func start() {
        let (fleet, interval, heartbeat) = (self.fleet, self.interval, self.heartbeat)
        lastChange = .now
        watcher = Task { [weak self] in
            let changes = await fleet.changes()
            // What changed before the watch began.
            await self?.look()
            for await _ in changes {
                guard let fanout = self else { return }
                await fanout.look()
                // The cap: changes during the pause are one look after it.
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
        heartbeats = Task { [weak self] in
            while true {
                do { try await Task.sleep(for: heartbeat / 4) } catch { return }
                guard let fanout = self else { return }
                await fanout.beatIfQuiet()
            }
        }
    }
}
