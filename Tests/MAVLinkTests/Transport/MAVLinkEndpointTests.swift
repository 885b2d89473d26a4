import MAVLink
import Testing

@Suite("MAVLink endpoint URLs")
struct MAVLinkEndpointTests {
    @Test(
        "PX4-style URLs parse",
        arguments: [
            ("udp://:14540", MAVLinkEndpoint.udpListen(host: "127.0.0.1", port: 14540)),
            ("udp://0.0.0.0:14540", .udpListen(host: "0.0.0.0", port: 14540)),
            ("udp://127.0.0.1:14550", .udpListen(host: "127.0.0.1", port: 14550)),
            ("udpout://10.0.0.2:14557", .udpConnect(host: "10.0.0.2", port: 14557)),
            ("udpout://[::1]:14540", .udpConnect(host: "::1", port: 14540)),
            ("serial:///dev/ttyACM0:921600", .serial(path: "/dev/ttyACM0", baudRate: 921600)),
            ("serial:///dev/ttyUSB0", .serial(path: "/dev/ttyUSB0", baudRate: 57600)),
        ])
    func parses(url: String, expected: MAVLinkEndpoint) throws {
        #expect(try MAVLinkEndpoint(url) == expected)
        #expect(try MAVLinkEndpoint(expected.description) == expected)
    }

    @Test(
        "bad URLs give a typed error naming the URL",
        arguments: [
            "tcp://:5760", "udp://14540", "udp://:0", "udp://:70000", "udpout://:14540", "serial://ttyS0",
            "serial:///dev/ttyS0:fast",
        ])
    func rejects(url: String) {
        #expect {
            try MAVLinkEndpoint(url)
        } throws: { error in
            (error as? MAVLinkEndpointError)?.url == url
        }
    }
}
