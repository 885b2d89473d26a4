import FleetProtocol
import Foundation
import GroundAPIModel
import Hummingbird

extension DeliveryResponse: ResponseGenerator {
    /// The delivery as JSON written directly (``JSONBytes``), the same bytes the context's encoder gives.
    package func response(from request: Request, context: some RequestContext) throws -> Response {
        guard let buffer = jsonBuffer() else {
            // A number JSON cannot hold: the encoder's error says which.
            return try context.responseEncoder.encode(self, from: request, context: context)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }

    /// This answer's JSON, members in sorted key order as ``GroundJSON/encoder()`` writes them; nil when a
    /// number is NaN or infinite.
    func jsonBuffer() -> ByteBuffer? {
        var json = JSONBytes()
        var finite = true
        func number(_ value: Double) { if !json.number(value) { finite = false } }
        func point(_ value: GeoPoint) {
            json.beginObject()
            json.key("lat")
            number(value.lat)
            json.key("lon")
            number(value.lon)
            json.endObject()
        }
        func writeETA(_ value: ETA) {
            json.beginObject()
            if let dropoff = value.dropoff {
                json.key("dropoff")
                json.date(dropoff)
            }
            if let margin = value.marginSeconds {
                json.key("marginSeconds")
                number(margin)
            }
            if let pickup = value.pickup {
                json.key("pickup")
                json.date(pickup)
            }
            json.endObject()
        }
        json.beginObject()
        if let assignmentID {
            json.key("assignmentId")
            json.string(assignmentID)
        }
        json.key("businessId")
        json.string(businessID)
        json.key("createdAt")
        json.date(createdAt)
        if let deadline {
            json.key("deadline")
            json.date(deadline)
        }
        if let droneID {
            json.key("droneId")
            json.string(droneID)
        }
        json.key("dropoff")
        point(dropoff)
        if let energyUsedWh {
            json.key("energyUsedWh")
            number(energyUsedWh)
        }
        json.key("eta")
        writeETA(eta)
        json.key("id")
        json.string(id)
        json.key("initialEta")
        writeETA(initialEta)
        if let lateBySeconds {
            json.key("lateBySeconds")
            number(lateBySeconds)
        }
        json.key("pickup")
        point(pickup)
        json.key("priority")
        json.string(priority.rawValue)
        if let reason {
            json.key("reason")
            json.string(reason)
        }
        json.key("size")
        json.string(size.rawValue)
        json.key("status")
        json.string(status.rawValue)
        json.key("statusTimes")
        json.beginObject()
        for (name, time) in statusTimes.sorted(by: { $0.key < $1.key }) {
            json.mapKey(name)
            json.date(time)
        }
        json.endObject()
        if let trackingToken {
            json.key("trackingToken")
            json.string(trackingToken)
        }
        if let trackingURL = trackingUrl {
            json.key("trackingUrl")
            json.string(trackingURL)
        }
        json.key("updatedAt")
        json.date(updatedAt)
        json.key("weightKg")
        number(weightKg)
        if let window {
            json.key("window")
            json.beginObject()
            json.key("end")
            json.date(window.end)
            json.key("start")
            json.date(window.start)
            json.endObject()
        }
        json.endObject()
        return finite ? json.buffer : nil
    }
}
