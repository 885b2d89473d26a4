import Foundation
import GroundCore
import PostgresNIO

/// Where a ``PostgresGroundStore`` connects, parsed from a `postgres://user:pass@host:port/db` URL.
///
/// Query items: `sslmode=disable|prefer|require` (default `prefer`: TLS when the server offers it).
package struct PostgresConnectionSettings: Sendable, Hashable {
    package enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    package var host: String
    package var port: Int
    package var username: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    package init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses `postgres://` or `postgresql://` URLs; the error names what is wrong, never the password.
    package init(url: String) throws(StoreError) {
        func invalid(_ what: String) -> StoreError {
            StoreError(.open, operation: "parse database URL: \(what)")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw invalid("expected postgres://user:pass@host:port/db")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("missing host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("missing user name") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw invalid("missing database name after the host") }
        var tls = TLSMode.prefer
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let parsed = TLSMode(rawValue: mode) else {
                throw invalid("sslmode must be disable, prefer or require")
            }
            tls = parsed
        }
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database, tls: tls
        )
    }

    /// The PostgresNIO client configuration for these settings.
    var clientConfiguration: PostgresClient.Configuration {
        let mode: PostgresClient.Configuration.TLS =
            switch tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: mode)
    }

    /// The same settings for a single, unpooled connection (the leader lock's session).
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        let mode: PostgresConnection.Configuration.TLS
        do {
            switch tls {
            case .disable: mode = .disable
            case .prefer: mode = .prefer(try .init(configuration: .makeClientConfiguration()))
            case .require: mode = .require(try .init(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw StoreError(.open, operation: "TLS context for \(host):\(port)", cause: error)
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: mode)
    }
}
