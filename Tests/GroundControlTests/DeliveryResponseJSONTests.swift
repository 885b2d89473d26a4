import FleetProtocol
import Foundation
import NIOCore
import Testing

@testable import GroundAPIModel
@testable import GroundCore
@testable import GroundHTTP

/// Issue 23 item 4: a delivery answer is written by hand (``JSONBytes``) rather than by `JSONEncoder`;
/// the bytes must be exactly those the API's encoder gives, for sparse and full deliveries alike.
@Suite("Delivery answers written directly as JSON")
struct DeliveryResponseJSONTests {
    static let created = Date(timeIntervalSince1970: 1_780_000_000.123)

    static func sparse() -> DeliveryResponse {
        DeliveryResponse(
            Delivery(
                id: "dlv_1", businessID: "biz_1", pickup: GeoPoint(lat: 47.3769, lon: 8.5417),
                dropoff: GeoPoint(lat: 47.38, lon: 8.53), weightKg: 1.0, size: .small, createdAt: created))
    }

    static func full() -> DeliveryResponse {
        let later = created.addingTimeInterval(600.5)
        var delivery = Delivery(
            id: "dlv_\"quoted\"\\slash/", businessID: "biz_\u{01}\u{1F}\u{7F}é😀\u{2028}\t\n\r\u{08}\u{0C}",
            pickup: GeoPoint(lat: -33.8688, lon: 151.2093), dropoff: GeoPoint(lat: 0, lon: -0.0),
            weightKg: 2.25, size: .large,
            window: DeliveryWindow(start: created, end: created.addingTimeInterval(3600)),
            deadline: created.addingTimeInterval(7200.999), priority: .express, etaMarginSeconds: 1e-05,
            status: .scheduled, reason: "planned as the next job of sr-001 </script>",
            assignedDroneID: "sr-001", assignmentID: "asg_1", initialETAPickup: later,
            initialETADropoff: later.addingTimeInterval(300), etaPickup: later.addingTimeInterval(1),
            etaDropoff: later.addingTimeInterval(1e7), energyUsedWh: 1.2345678901234568e+17, createdAt: created,
            updatedAt: later,
            statusTimes: [.requested: created, .scheduled: later, .delivered: later.addingTimeInterval(5)])
        delivery.etaMarginSeconds = 1e21
        var response = DeliveryResponse(delivery)
        response.trackingToken = "tok_abc-_x"
        response.trackingUrl = "/ui/track.html?delivery=dlv_1&token=tok_abc-_x"
        return response
    }

    static func encoderBytes(_ response: DeliveryResponse) throws -> [UInt8] {
        Array(try GroundJSON.encoder().encode(response))
    }

    @Test func sparseAndFullAnswersMatchTheEncoderByteForByte() throws {
        for response in [Self.sparse(), Self.full()] {
            let written = try #require(response.jsonBuffer())
            let expected = try Self.encoderBytes(response)
            #expect(
                Array(written.readableBytesView) == expected,
                "\(String(decoding: written.readableBytesView, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))"
            )
        }
    }

    @Test func numbersMatchTheEncoder() throws {
        for value in [
            0.5, 1, 100, 47.3769, 1e-05, 3e-07, 1e16, 1e21, 1.5e300, 0.1 + 0.2, -0.0, -12.75, 123_456_789.125,
        ] {
            var response = Self.sparse()
            response.weightKg = value
            response.lateBySeconds = -value
            let written = try #require(response.jsonBuffer())
            #expect(Array(written.readableBytesView) == (try Self.encoderBytes(response)), "\(value)")
        }
    }

    @Test func aNumberJSONCannotHoldIsLeftToTheEncoder() {
        var response = Self.sparse()
        response.energyUsedWh = .nan
        #expect(response.jsonBuffer() == nil)
        response.energyUsedWh = .infinity
        #expect(response.jsonBuffer() == nil)
    }
}
