import ArgumentParser
import FirmwareSim
import Foundation
import Logging
import MAVLink

/// `firmware-sim`: N simulated PX4 or ArduCopter flight controllers speaking MAVLink v2 over UDP.
@main
struct FirmwareSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firmware-sim",
        abstract: "Simulated flight controllers (PX4 or ArduCopter SITL stand-in) speaking MAVLink v2 over UDP.",
        discussion: """
            VEHICLES: --count N --around lat,lon[,alt] [--radius m] scatters N vehicles (the first at the \
            centre), or --config file.json reads {"vehicles":[{"lat":..,"lon":..,"alt":..,"autopilot":"px4"}]} \
            (autopilot optional: that vehicle's firmware instead of --autopilot). Each is an \
            "SR-Quad": cruise 15 m/s, accel 3 m/s², climb 3 m/s, descent 2 m/s, 250 Wh 6S, hover 700 W, \
            cruise 600 W, +60 W/kg payload, +150 W climbing; failsafes: battery <= 15 % return, <= 8 % land.

            PORTS: vehicle i (0-based) has system id first-sysid+i (component 1, wrapping past 255), binds \
            UDP <bind>:(base-port+i) and sends to the first peer that sent it a valid frame (like PX4 'mavlink \
            start -u' learning its partner once); another sender takes the stream over only after that peer \
            has been silent for --peer-silence seconds (3, PX4's no-connection window). Before any peer talks \
            it sends to <remote-host>:(remote-base-port+i) (PX4 SITL: binds 14580+i, sends to 14540+i); \
            --remote-base-port 0 sends nothing until a peer talks. With --gcs-base-port B, vehicle i has a \
            second MAVLink instance for a ground station on <bind>:(B+i) (PX4 SITL's GCS link on 18570+i), \
            sending to <remote-host>:gcs-remote-port (14550) until a ground station talks, with its own peer \
            and signing state: each message is answered on the instance it came in on, streams and \
            STATUSTEXT go to both.

            SIGNING: --signing-key (64 hex digits or base64 of 32 bytes) or --signing-key-file turns on MAVLink 2 \
            signing: every frame sent is signed (link id 0), and frames received unsigned, badly signed or replayed \
            are refused, except RADIO_STATUS, ADSB_VEHICLE and COLLISION, which PX4 accepts unsigned.

            TIME: physics runs in fixed 20 ms steps of simulated time; --speed K runs K simulated seconds per \
            wall second. Telemetry rates are in simulated time (at --speed 10 a 10 Hz stream sends 100 \
            messages per wall second); protocol timeouts (mission upload retries) are in wall time. All \
            randomness (GPS noise, message loss, positions) comes from --seed.

            STREAMS (Hz, simulated): HEARTBEAT 1, GLOBAL_POSITION_INT --stream-rate (10), ATTITUDE 5, \
            GPS_RAW_INT 2, VFR_HUD 2, SYS_STATUS 1, BATTERY_STATUS 1, EXTENDED_SYS_STATE 1, MISSION_CURRENT 1, \
            SYSTEM_TIME 1, HOME_POSITION 0.5; any of them with --rate NAME=hz. MAV_CMD_SET_MESSAGE_INTERVAL, GET_MESSAGE_INTERVAL, \
            REQUEST_MESSAGE and REQUEST_DATA_STREAM are honoured.

            COMMANDS (COMMAND_LONG/COMMAND_INT, each answered by COMMAND_ACK): COMPONENT_ARM_DISARM (checks: \
            3D GPS fix, battery > 10 %, no failure; param2 21196 forces), NAV_TAKEOFF, NAV_LAND, \
            NAV_RETURN_TO_LAUNCH, DO_SET_MODE and SET_MODE (PX4 custom modes: POSCTL, AUTO.LOITER/TAKEOFF/MISSION/RTL/ \
            LAND), MISSION_START, DO_GRIPPER, DO_SET_SERVO, SET/GET_MESSAGE_INTERVAL, REQUEST_MESSAGE, \
            REQUEST_AUTOPILOT_CAPABILITIES, GET_HOME_POSITION, RUN_PREARM_CHECKS. Results: ACCEPTED; \
            TEMPORARILY_REJECTED when the present state forbids it (no GPS fix, not armed, in the air); DENIED when it \
            cannot be done (low battery, failure, unknown mode, no mission); UNSUPPORTED for anything else. Missions: \
            MISSION_COUNT/REQUEST_INT/ITEM_INT/ACK upload with retries, download, CLEAR_ALL, SET_CURRENT; items \
            NAV_TAKEOFF, NAV_WAYPOINT, NAV_LOITER_TIME, NAV_DELAY, NAV_LAND, NAV_RETURN_TO_LAUNCH, DO_GRIPPER, DO_SET_SERVO; \
            MISSION_CURRENT and MISSION_ITEM_REACHED report progress; auto-disarm 2 s after landing.

            PERSONALITY: --autopilot px4 (default) or ardupilot chooses the firmware imitated: HEARTBEAT \
            autopilot and mode numbers, mission upload replies and refusals, home slot, takeoff rule, \
            MIS_OPTIONS, STATUSTEXTs (docs/firmware-sim.md has one row per rule and where each firmware does it). \
            --px4-mission-state legacy sends MISSION_CURRENT.mission_state 0 as PX4 up to 1.15 does. \
            Fences and rally points (mission_type FENCE/RALLY) are uploaded, checked and downloaded as each \
            firmware does; they are stored, not enforced.

            PAYLOAD: DO_GRIPPER grab (param2=1) on the ground loads a 1.0 kg package, release (param2=0) drops \
            it; NAV_DELAY waits where the vehicle is (on the ground at a pickup); NAV_LOITER_TIME while landed \
            takes off first on PX4 and waits on the ground at its own position on ArduCopter.

            DEPOTS: --depots-file F lists depots (the format ground's planner reads). A vehicle landed and \
            disarmed within 15 m of one takes a free pad (first come, first served; the others wait): on a \
            'charge' depot it charges at chargePowerW, full power up to 80 %, then tapering (CC-CV) to full; \
            on a 'swap' depot the control command swap-battery <drone> exchanges the pack in swapSeconds \
            (refused while armed or off a pad). BATTERY_STATUS: PX4 charge_state CHARGING and mode HOT_SWAP \
            during a swap; ArduCopter OK/LOW/CRITICAL only, the negative current shows the charge; \
            time_remaining 0 unless discharging.
            CAMERA: with --camera-dir DIR each vehicle has a MAVLink camera (component 100, HEARTBEAT \
            MAV_TYPE_CAMERA): MAV_CMD_IMAGE_START_CAPTURE (single shot, param3=1) is acked, then a top-down PNG \
            of the ground below (the parcel once released, UTC time and position stamped) is written to DIR and \
            CAMERA_IMAGE_CAPTURED carries its file:// URL; MAV_CMD_REQUEST_MESSAGE answers CAMERA_INFORMATION \
            and, with param2 = index, re-sends an earlier CAMERA_IMAGE_CAPTURED. With --camera-http-port P the \
            photos are also served over HTTP on P (GET /<file>, as a real camera's web server) and \
            CAMERA_IMAGE_CAPTURED carries http://host:P/<file> instead; the control command camera-http stop \
            takes the server down (the URLs stay, as with a camera whose server died).

            FAULTS at start: --fault <drone|all>:<kind>[@<t>s][:<arg>], e.g. --fault 2:link-loss@30s:10, \
            --fault 0:battery-sag@60:40, --fault all:gps-loss. At run time: lines on stdin or UDP datagrams \
            to --control-port (reply sent back):

            \(controlHelp)
            """
    )

    @Option(help: "Number of vehicles scattered around --around.")
    var count: Int?

    @Option(help: "Centre for --count vehicles: lat,lon[,alt m AMSL].", transform: Coordinates.geoPoint)
    var around: SimGeoPoint?

    @Option(help: "Radius (m) of the disc the vehicles start in.")
    var radius: Double = 500

    @Option(help: "JSON file with start positions (instead of --count/--around).")
    var config: String?

    @Option(help: "UDP port of vehicle 0; vehicle i uses base-port+i (0: any free port each).")
    var basePort: Int = 14580

    @Option(help: "Address the vehicle sockets and the control port bind to.")
    var bind: String = "127.0.0.1"

    @Option(help: "Before a peer talks, vehicle i sends to remote-host:(remote-base-port+i); 0 disables.")
    var remoteBasePort: Int = 14540

    @Option(help: "Host for --remote-base-port.")
    var remoteHost: String = "127.0.0.1"

    @Option(
        help:
            "Ground station link: vehicle i also listens on gcs-base-port+i (PX4 SITL: 18570+i); 0: any free port each. Off by default."
    )
    var gcsBasePort: Int?

    @Option(
        help:
            "Before a ground station talks, each GCS link sends to remote-host:gcs-remote-port (PX4 SITL: 14550); 0 disables."
    )
    var gcsRemotePort: Int = 14550

    @Option(help: "Wall seconds a learned peer must be silent before another sender takes the stream over.")
    var peerSilence: Double = 3

    @Option(help: "MAVLink 2 signing key: 64 hex digits or base64 of 32 bytes.")
    var signingKey: String?

    @Option(help: "File holding the MAVLink 2 signing key (hex or base64).")
    var signingKeyFile: String?

    @Option(help: "System id of vehicle 0.")
    var firstSysid: Int = 1

    @Option(help: "Simulated seconds per wall second.")
    var speed: Double = 1

    @Option(help: "Seed of all randomness.")
    var seed: UInt64 = 1

    @Option(help: "Standard deviation of reported GPS positions, m.")
    var gpsNoise: Double = 0.5

    @Option(help: "Wind velocity north,east in m/s.", transform: Coordinates.wind)
    var wind: NED = .zero

    @Option(help: "Gust amplitude in m/s: the wind speed swings this far around the mean (along it).")
    var gust: Double = 0

    @Option(help: "Battery capacity, Wh.")
    var batteryWh: Double = 250

    @Option(help: "GLOBAL_POSITION_INT rate, Hz of simulated time.")
    var streamRate: Double = 10

    @Option(help: "Rate of any stream, MESSAGE=hz in simulated time (repeatable, 0 stops it), e.g. --rate ATTITUDE=10.")
    var rate: [String] = []

    @Option(help: "UDP control port on --bind (0: any free port, printed at start).")
    var controlPort: Int?

    @Option(help: "Firmware every vehicle imitates: px4 or ardupilot (ArduCopter).")
    var autopilot: AutopilotFamily = .px4

    @Option(help: "PX4 MISSION_CURRENT.mission_state: legacy (PX4 <= 1.15, always 0) or reported.")
    var px4MissionState: PX4MissionStateReporting = .reported

    @Option(
        help:
            "Depots JSON {\"depots\":[{\"depotId\",\"lat\",\"lon\",\"pads\",\"chargePowerW\",\"swapSeconds\",\"mode\":\"charge|swap\"}]}: landed, disarmed vehicles within 15 m charge or can be swapped."
    )
    var depotsFile: String?

    @Option(help: "Fault at start: <drone|all>:<kind>[@<t>s][:<arg>] (repeatable).")
    var fault: [String] = []

    @Option(help: "Give every vehicle a MAVLink camera (component 100) that writes its PNG photos to this directory.")
    var cameraDir: String?

    @Option(help: "Serve the cameras' photos over HTTP on this port (0: any free one), with http:// URLs.")
    var cameraHTTPPort: Int?

    @Flag(help: "Do not read control lines from stdin.")
    var noStdin = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    static var controlHelp: String { SimulatorConfiguration.controlHelp }

    mutating func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "firmware-sim")
        let configuration = try makeConfiguration()
        let simulator = try await Simulator.start(configuration, logger: logger)
        for endpoint in simulator.endpoints {
            Console.line(
                "drone \(endpoint.index) sysid \(endpoint.systemID) udp \(endpoint.host):\(endpoint.port)"
                    + " home \(endpoint.home.latitude),\(endpoint.home.longitude),\(endpoint.home.altitude)")
            if let gcsPort = endpoint.gcsPort {
                Console.line("drone \(endpoint.index) gcs udp \(endpoint.host):\(gcsPort)")
            }
        }
        if let port = simulator.controlPort { Console.line("control udp \(configuration.bindHost):\(port)") }
        if let port = simulator.cameraHTTPPort { Console.line("camera http \(configuration.bindHost):\(port)") }
        Console.line("ready \(simulator.endpoints.count) drones speed \(configuration.speed)")
        if !noStdin { StdinControl.start(simulator) }
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    private func makeConfiguration() throws -> SimulatorConfiguration {
        let homes: [SimGeoPoint]
        var autopilots: [Int: AutopilotFamily] = [:]
        if let config {
            (homes, autopilots) = try StartPositions.loadFleet(path: config)
        } else if let around, let count {
            homes = StartPositions.around(around, count: count, radius: radius, seed: seed)
        } else {
            throw ValidationError("give --count N --around lat,lon, or --config file.json")
        }
        var c = SimulatorConfiguration(homes: homes)
        c.basePort = basePort
        c.bindHost = bind
        c.remoteBasePort = remoteBasePort > 0 ? remoteBasePort : nil
        c.remoteHost = remoteHost
        c.gcsBasePort = gcsBasePort
        c.gcsRemotePort = gcsRemotePort > 0 ? gcsRemotePort : nil
        c.peerSilenceSeconds = peerSilence
        switch (signingKey, signingKeyFile) {
        case (.some, .some):
            throw ValidationError("give --signing-key or --signing-key-file, not both")
        case (.some(let text), nil):
            do { c.signingKey = try MAVLinkSigningKey(text: text) } catch {
                throw ValidationError("--signing-key: \(error)")
            }
        case (nil, .some(let path)):
            do { c.signingKey = try MAVLinkSigningKey(contentsOfFile: path) } catch {
                throw ValidationError("--signing-key-file: \(error)")
            }
        case (nil, nil):
            break
        }
        c.firstSystemID = firstSysid
        c.speed = speed
        c.seed = seed
        c.gpsNoise = gpsNoise
        c.wind = wind
        c.gust = gust
        c.profile.batteryCapacityWh = batteryWh
        c.rates = StreamRates(positionRate: streamRate)
        for text in rate { try c.rates.apply(text) }
        c.personality = AutopilotPersonality(family: autopilot, px4MissionState: px4MissionState)
        c.autopilotOverrides = autopilots
        c.controlPort = controlPort
        c.cameraDirectory = cameraDir
        c.cameraHTTPPort = cameraHTTPPort
        c.faults = try fault.map { try ScheduledFault(parsing: $0) }
        if let depotsFile {
            do { c.depots = try DepotsFile.load(path: depotsFile) } catch {
                throw ValidationError("--depots-file: \(error)")
            }
        }
        try c.validate()
        return c
    }
}
