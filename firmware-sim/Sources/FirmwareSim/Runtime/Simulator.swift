import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A running simulation: N vehicles, each on its own UDP port (and a ground station port with
/// `gcsBasePort`), stepped on one event loop.
///
/// ```swift
/// let sim = try await Simulator.start(SimulatorConfiguration(homes: [home]))
/// print(sim.endpoints[0].port)
/// try await sim.shutdown()
/// ```
public final class Simulator: Sendable {
    public let configuration: SimulatorConfiguration
    /// One per vehicle, in index order, with the port actually bound.
    public let endpoints: [VehicleEndpoint]
    /// The bound control port, if one was asked for.
    public let controlPort: Int?
    /// The bound port of the cameras' web server (`cameraHTTPPort`), if there is one.
    public let cameraHTTPPort: Int?
    private let group: MultiThreadedEventLoopGroup
    private let engine: NIOLoopBound<SimulationEngine>
    private let channels: [any Channel]
    private let ticker: RepeatedTask

    private init(
        configuration: SimulatorConfiguration, endpoints: [VehicleEndpoint], controlPort: Int?, cameraHTTPPort: Int?,
        group: MultiThreadedEventLoopGroup, engine: NIOLoopBound<SimulationEngine>, channels: [any Channel],
        ticker: RepeatedTask
    ) {
        self.configuration = configuration
        self.endpoints = endpoints
        self.controlPort = controlPort
        self.cameraHTTPPort = cameraHTTPPort
        self.group = group
        self.engine = engine
        self.channels = channels
        self.ticker = ticker
    }

    /// Binds every vehicle's socket (and the control port) and starts the clock.
    public static func start(_ configuration: SimulatorConfiguration, logger: Logger = Logger(label: "firmware-sim"))
        async throws -> Simulator
    {
        try configuration.validate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        do {
            let remotes: [[SocketAddress?]] = try configuration.homes.indices.map { i in
                var remotes: [SocketAddress?] = [nil]
                if let base = configuration.remoteBasePort, base > 0 {
                    remotes[0] = try SocketAddress.makeAddressResolvingHost(configuration.remoteHost, port: base + i)
                }
                if configuration.gcsBasePort != nil {
                    // One remote for every vehicle's GCS link, as PX4 SITL's `-o 14550` for all instances.
                    remotes.append(
                        try configuration.gcsRemotePort.map {
                            try SocketAddress.makeAddressResolvingHost(configuration.remoteHost, port: $0)
                        })
                }
                return remotes
            }
            let epoch = UInt64(Date().timeIntervalSince1970 * 1e6)
            let engine = try await loop.submit {
                NIOLoopBound(
                    SimulationEngine(
                        configuration: configuration, remotes: remotes, epochMicros: epoch, logger: logger),
                    eventLoop: loop)
            }.get()

            var channels: [any Channel] = []
            var vehicleChannels: [[any Channel]] = []
            var endpoints: [VehicleEndpoint] = []
            for i in configuration.homes.indices {
                var ports: [Int] = [configuration.basePort == 0 ? 0 : configuration.basePort + i]
                if let gcsBase = configuration.gcsBasePort { ports.append(gcsBase == 0 ? 0 : gcsBase + i) }
                var bound: [any Channel] = []
                for (instance, port) in ports.enumerated() {
                    let channel = try await DatagramBootstrap(group: loop)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(
                                    VehicleChannelHandler(index: i, instance: instance, engine: engine.value))
                            }
                        }
                        .bind(host: configuration.bindHost, port: port).get()
                    channels.append(channel)
                    bound.append(channel)
                }
                vehicleChannels.append(bound)
                endpoints.append(
                    VehicleEndpoint(
                        index: i, systemID: configuration.systemID(of: i), host: configuration.bindHost,
                        port: bound[0].localAddress?.port ?? ports[0],
                        gcsPort: bound.count > 1 ? bound[1].localAddress?.port ?? ports[1] : nil,
                        home: configuration.homes[i]))
            }
            var controlPort: Int?
            if let port = configuration.controlPort {
                let channel = try await DatagramBootstrap(group: loop)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(ControlChannelHandler(engine: engine.value))
                        }
                    }
                    .bind(host: configuration.bindHost, port: port).get()
                channels.append(channel)
                controlPort = channel.localAddress?.port
            }
            var cameraHTTPPort: Int?
            if let port = configuration.cameraHTTPPort, let directory = configuration.cameraDirectory {
                let channel = try await ServerBootstrap(group: loop)
                    .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                            try channel.pipeline.syncOperations.addHandler(CameraHTTPHandler(directory: directory))
                        }
                    }
                    .bind(host: configuration.bindHost, port: port).get()
                channels.append(channel)
                let bound = channel.localAddress?.port ?? port
                cameraHTTPPort = bound
                // A wildcard bind is reached on loopback.
                let host = configuration.bindHost == "0.0.0.0" ? "127.0.0.1" : configuration.bindHost
                let server = CameraWebServer(baseURL: "http://\(host):\(bound)", channel: channel)
                try await loop.submit { engine.value.cameraWebServer = server }.get()
            }
            try await loop.submit {
                for (i, bound) in vehicleChannels.enumerated() {
                    for (instance, channel) in bound.enumerated() { engine.value.links[i][instance].channel = channel }
                }
            }.get()
            let tick = TimeAmount.nanoseconds(Int64(configuration.tickInterval * 1e9))
            let ticker = loop.scheduleRepeatedTask(initialDelay: .zero, delay: tick) { _ in
                engine.value.tick(now: .now())
            }
            return Simulator(
                configuration: configuration, endpoints: endpoints, controlPort: controlPort,
                cameraHTTPPort: cameraHTTPPort, group: group, engine: engine, channels: channels, ticker: ticker)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private var loop: any EventLoop { engine.eventLoop }

    /// Executes a control line (see `firmware-sim --help`) and returns the reply.
    public func control(_ line: String) async throws -> String {
        try await submitControl(line).get()
    }

    /// `control(_:)` for callers outside async code (the stdin reader thread).
    public func submitControl(_ line: String) -> EventLoopFuture<String> {
        let engine = self.engine
        return loop.submit { engine.value.control(line) }
    }

    /// Injects a fault into one vehicle (nil: all) now.
    public func inject(_ fault: Fault, into vehicle: Int?) async throws {
        let engine = self.engine
        try await loop.submit { engine.value.inject(fault, into: vehicle) }.get()
    }

    /// A copy of vehicle `index` as it is now.
    public func vehicle(_ index: Int) async throws -> Vehicle {
        let engine = self.engine
        return try await loop.submit { () throws(ControlError) -> Vehicle in
            let vehicles = engine.value.vehicles
            guard vehicles.indices.contains(index) else { throw .noSuchVehicle("\(index)", count: vehicles.count) }
            return vehicles[index]
        }.get()
    }

    public func statistics() async throws -> SimulatorStatistics {
        let engine = self.engine
        return try await loop.submit { engine.value.statistics }.get()
    }

    /// Stops the clock, closes every socket and the event loop.
    public func shutdown() async throws {
        let promise = loop.makePromise(of: Void.self)
        ticker.cancel(promise: promise)
        try await promise.futureResult.get()
        for channel in channels { try? await channel.close() }
        try await group.shutdownGracefully()
    }
}
