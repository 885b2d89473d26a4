import Foundation

/// A throwaway PKI made with the openssl command line: a CA, a server certificate for
/// 127.0.0.1 and a client certificate, all signed by that CA.
/// `broker` is the matching ``MosquittoBroker/TLS`` for a broker serving that server certificate.
public struct TestCertificates: Sendable {
    public let directory: TemporaryDirectory
    public var caFile: String { directory.file("ca.crt").path }
    public var serverCert: String { directory.file("server.crt").path }
    public var serverKey: String { directory.file("server.key").path }
    public var clientCert: String { directory.file("client.crt").path }
    public var clientKey: String { directory.file("client.key").path }

    public init(name: String = "skyrelay-test-ca") throws {
        directory = try TemporaryDirectory(prefix: "pki")
        let openssl = try ChildProcess.system("openssl")
        let dir = directory.path
        try ChildProcess.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.crt", "-subj", "/CN=\(name)",
            ])
        try issue(
            "server", subject: "/CN=127.0.0.1", extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost",
            openssl: openssl)
        try issue("client", subject: "/CN=tls-client", extensions: "extendedKeyUsage=clientAuth", openssl: openssl)
    }

    /// Broker TLS options serving this PKI's server certificate.
    public var broker: MosquittoBroker.TLS {
        MosquittoBroker.TLS(caFile: caFile, certFile: serverCert, keyFile: serverKey)
    }

    private func issue(_ name: String, subject: String, extensions: String, openssl: URL) throws {
        let dir = directory.path
        try ChildProcess.run(
            openssl,
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(dir)/\(name).key",
                "-out", "\(dir)/\(name).csr", "-subj", subject,
            ])
        try "\(extensions)\n".write(toFile: "\(dir)/\(name).ext", atomically: true, encoding: .utf8)
        try ChildProcess.run(
            openssl,
            [
                "x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/ca.crt", "-CAkey", "\(dir)/ca.key",
                "-CAcreateserial", "-days", "2", "-out", "\(dir)/\(name).crt", "-extfile", "\(dir)/\(name).ext",
            ])
    }
}
