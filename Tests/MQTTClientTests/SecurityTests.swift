import MQTTClient
import TestSupport
import Testing

@Suite("MQTTClient TLS and access control")
struct SecurityTests {
    @Test("TLS with the right CA connects and round-trips; a wrong CA fails with a TLS error")
    func tls() async throws {
        let pki = try TestCertificates()
        let otherPKI = try TestCertificates(name: "some-other-ca")
        defer {
            pki.directory.remove()
            otherPKI.directory.remove()
        }
        let options = MosquittoBroker.Options(
            tls: .init(caFile: pki.caFile, certFile: pki.serverCert, keyFile: pki.serverKey))
        try await withBroker(options) { _, port in
            let client = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "tls-ok", tls: MQTTTLSConfiguration(caFile: pki.caFile)))
            try await client.connect()
            let subscription = try await client.subscribe(["secure/#"])
            try await client.publish("secure/x", payload: [7], qos: .atLeastOnce)
            #expect(try await collect(1, from: subscription).first?.payload == [7])
            await client.disconnect()

            let wrongCA = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "tls-wrong-ca", tls: MQTTTLSConfiguration(caFile: otherPKI.caFile)))
            let error = await #expect(throws: MQTTError.self) { try await wrongCA.connect() }
            guard case .tls = error else {
                Issue.record("expected a TLS error, got \(String(describing: error))")
                return
            }
            await #expect(throws: MQTTError.notConnected) {
                try await wrongCA.publish("secure/x", payload: [1], qos: .atLeastOnce)
            }
        }
    }

    @Test("a broker that requires client certificates accepts ours")
    func tlsClientCertificate() async throws {
        let pki = try TestCertificates()
        defer { pki.directory.remove() }
        let options = MosquittoBroker.Options(
            tls: .init(
                caFile: pki.caFile, certFile: pki.serverCert, keyFile: pki.serverKey, requireClientCertificate: true))
        try await withBroker(options) { _, port in
            let withCert = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "tls-cert",
                    tls: MQTTTLSConfiguration(caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey)))
            try await withCert.connect()
            try await withCert.publish("secure/y", payload: [1], qos: .exactlyOnce)
            await withCert.disconnect()

            let withoutCert = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "tls-no-cert", tls: MQTTTLSConfiguration(caFile: pki.caFile)))
            await #expect(throws: MQTTError.self) { try await withoutCert.connect() }
        }
    }

    @Test("ACL keeps a client's out-of-bounds publishes from subscribers; a wrong password is a typed connect error")
    func authAndACL() async throws {
        let acl = """
            user ground
            topic readwrite #

            user drone1
            topic write fleet/drone1/#
            topic read fleet/commands/drone1
            """
        let options = MosquittoBroker.Options(
            users: [.init("ground", password: "ground-pw"), .init("drone1", password: "drone1-pw")], acl: acl)
        try await withBroker(options) { _, port in
            let ground = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "ground", username: "ground", password: "ground-pw"))
            try await ground.connect()
            let all = try await ground.subscribe(["fleet/#"])

            let drone = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "drone1", username: "drone1", password: "drone1-pw"))
            try await drone.connect()
            // Outside its ACL: the broker either refuses it with a reason code or drops it silently.
            do {
                try await drone.publish("fleet/drone2/telemetry", payload: Array("forged".utf8), qos: .atLeastOnce)
            } catch let error as MQTTError {
                guard case .rejected(_, let code, _) = error else {
                    Issue.record("unexpected error \(error)")
                    return
                }
                #expect(code == 0x87)
            }
            try await drone.publish("fleet/drone1/telemetry", payload: Array("real".utf8), qos: .atLeastOnce)
            // Same connection, same order: once the allowed one arrived, the forged one would have too.
            let first = try await collect(1, from: all).first
            #expect(first?.topic == "fleet/drone1/telemetry")
            #expect(first?.payload == Array("real".utf8))

            let impostor = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "drone1-bad", username: "drone1", password: "wrong"))
            let error = await #expect(throws: MQTTError.self) { try await impostor.connect() }
            #expect(error?.isAuthorizationFailure == true, "got \(String(describing: error))")

            let anonymous = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "anon"))
            let anonymousError = await #expect(throws: MQTTError.self) { try await anonymous.connect() }
            #expect(anonymousError?.isAuthorizationFailure == true, "got \(String(describing: anonymousError))")

            await drone.disconnect()
            await ground.disconnect()
        }
    }
}
