import Foundation
import Synchronization
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP
@testable import GroundStore

/// The verified-key cache over a real SQLite store: two authenticators on one database stand for two
/// ground instances of a share group.
@Suite("Verified key cache", .timeLimit(TestPace.timeLimit(minutes: 2)))
struct VerifiedKeyCacheTests {
    static func business(_ id: String, in store: SQLiteGroundStore) async throws -> String {
        let key = APIKey.generate()
        try await store.insertBusiness(
            Business(id: id, name: "Shop \(id)", apiKeyHash: APIKey.hash(key), createdAt: Date()))
        return key
    }

    /// Rotated through the other instance without grace: this one refuses the replaced key once its
    /// cached verification runs out, and a rotation through this one is obeyed at once.
    @Test func aKeyReplacedElsewhereStopsWhenItsVerificationRunsOut() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        let here = Authenticator(
            store: store, operatorCredential: OperatorCredential(key: nil),
            cache: VerifiedKeyCache(lifetime: TestPace.scaled(.milliseconds(300))))
        let key = try await Self.business("biz_a", in: store)
        #expect(try await here.principal(for: key)?.tenantID == "biz_a")
        #expect(await here.cache.count == 1)

        let fresh = APIKey.generate()
        let rotated = try await store.rotateBusinessKey(
            id: "biz_a", newKeyHash: APIKey.hash(fresh), previousKeyExpiresAt: Date())
        #expect(rotated != nil)
        try await waitUntil("the replaced key refused") { try await here.principal(for: key) == nil }
        #expect(try await here.principal(for: fresh)?.tenantID == "biz_a")

        // Through this instance: the next request already sees the change, whatever the lifetime.
        let patient = Authenticator(
            store: store, operatorCredential: OperatorCredential(key: nil),
            cache: VerifiedKeyCache(lifetime: .seconds(3600)))
        #expect(try await patient.principal(for: fresh) != nil)
        _ = try await store.rotateBusinessKey(
            id: "biz_a", newKeyHash: APIKey.hash(APIKey.generate()), previousKeyExpiresAt: Date())
        await patient.keysChanged()
        #expect(await patient.cache.count == 0)
        #expect(try await patient.principal(for: fresh) == nil)
    }

    /// A replaced key's grace ends at its instant even while its verification is cached for longer
    /// (the authenticator's clock is moved by hand, so the load on the host cannot end the grace early).
    @Test func theGraceOfACachedReplacedKeyEndsOnTime() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        // Whole seconds: the store keeps instants as seconds since 1970, which a fraction may not survive exactly.
        let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let clock = ManualClock(start)
        let auth = Authenticator(
            store: store, operatorCredential: OperatorCredential(key: nil),
            cache: VerifiedKeyCache(lifetime: .seconds(3600)), now: { clock.now })
        let old = try await Self.business("biz_g", in: store)
        let expiry = start.addingTimeInterval(60)
        _ = try await store.rotateBusinessKey(
            id: "biz_g", newKeyHash: APIKey.hash(APIKey.generate()), previousKeyExpiresAt: expiry)
        let during = try await auth.authenticate(old)
        #expect(during?.principal.tenantID == "biz_g" && during?.expiresAt == expiry)
        #expect(await auth.cache.count == 1)
        clock.set(expiry.addingTimeInterval(-0.001))
        #expect(try await auth.authenticate(old)?.expiresAt == expiry, "still in its grace, from the cache")
        clock.set(expiry)
        #expect(try await auth.authenticate(old) == nil)
    }

    /// Unknown keys are never kept (guessing cannot fill the cache), and verified ones up to the capacity.
    @Test func onlyVerifiedKeysAreKeptUpToTheCapacity() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        let auth = Authenticator(
            store: store, operatorCredential: OperatorCredential(key: nil),
            cache: VerifiedKeyCache(lifetime: .seconds(3600), capacity: 2))
        for guess in ["sr_live_nope", "sr_op_nope", "nothing"] {
            #expect(try await auth.authenticate(guess) == nil)
        }
        #expect(await auth.cache.count == 0)
        var keys: [String] = []
        for id in ["biz_1", "biz_2", "biz_3"] { keys.append(try await Self.business(id, in: store)) }
        for (key, id) in zip(keys, ["biz_1", "biz_2", "biz_3"]) {
            #expect(try await auth.principal(for: key)?.tenantID == id)
        }
        #expect(await auth.cache.count == 2)
        // Every key still answers (the evicted one from the store again).
        for (key, id) in zip(keys, ["biz_1", "biz_2", "biz_3"]) {
            #expect(try await auth.principal(for: key)?.tenantID == id)
        }
    }

    /// Operator keys go through the same cache; a rotation of one through this instance stops the old key.
    @Test func anOperatorKeyRotatedHereStopsAtOnce() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        let auth = Authenticator(
            store: store, operatorCredential: OperatorCredential(key: nil),
            cache: VerifiedKeyCache(lifetime: .seconds(3600)))
        let key = OperatorKey.generate()
        try await store.insertOperator(
            OperatorAccount(id: "op_1", name: "Ana", role: .dispatcher, keyHash: APIKey.hash(key), createdAt: Date()))
        guard case .operator(let account) = try await auth.principal(for: key) else {
            Issue.record("operator key not verified")
            return
        }
        #expect(account.id == "op_1")
        #expect(try await store.rotateOperatorKey(id: "op_1", keyHash: APIKey.hash(OperatorKey.generate()), at: Date()))
        await auth.keysChanged()
        #expect(try await auth.principal(for: key) == nil)
    }
}

/// A wall clock the test moves by hand.
final class ManualClock: Sendable {
    private let date: Mutex<Date>

    init(_ start: Date) { date = Mutex(start) }

    var now: Date { date.withLock { $0 } }

    func set(_ instant: Date) { date.withLock { $0 = instant } }
}
