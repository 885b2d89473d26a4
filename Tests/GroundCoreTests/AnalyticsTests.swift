import Foundation
import Testing

@testable import GroundCore

@Suite struct AnalyticsTests {
    /// 2026-11-24T00:00:00Z
    let day0 = 1_795_478_400.0

    func records() -> [DeliveryRecord] {
        var rows: [DeliveryRecord] = []
        // 20 delivered on two days: durations 600…2500 s, ETA errors -90…+100 s.
        for i in 0..<20 {
            let requested = day0 + Double(i) * 7200 // every 2 h: 12 on day 0, 8 on day 1
            let delivered = requested + 600 + Double(i) * 100
            rows.append(
                DeliveryRecord(
                    id: "d\(i)", status: i % 2 == 0 ? .completed : .delivered, requestedAt: requested,
                    scheduledAt: requested + 5, pickedUpAt: requested + 300, deliveredAt: delivered,
                    completedAt: delivered + 400, firstDropoffETA: delivered - (Double(i) * 10 - 90),
                    droneID: i % 4 == 0 ? "alpha" : "beta", energyUsedWh: 40 + Double(i), flightSeconds: 1000))
        }
        rows.append(DeliveryRecord(id: "c", status: .cancelled, requestedAt: day0 + 100))
        rows.append(
            DeliveryRecord(id: "f", status: .failed, requestedAt: day0 + 200, droneID: "beta", flightSeconds: 300))
        rows.append(DeliveryRecord(id: "outside", status: .completed, requestedAt: day0 - 10, deliveredAt: day0 + 500))
        return rows
    }

    @Test func computesTheReport() throws {
        let report = DeliveryAnalytics.report(
            records: records(), windowStart: day0, windowEnd: day0 + 2 * 86_400,
            onTimeToleranceSeconds: 30)
        #expect(report.totalDeliveries == 22)
        #expect(report.deliveredCount == 20)
        #expect(report.cancelledCount == 1 && report.failedCount == 1)
        #expect(report.deliveriesPerDay.map(\.day) == ["2026-11-24", "2026-11-25"])
        #expect(report.deliveriesPerDay.map(\.delivered) == [12, 8])
        #expect(report.meanDeliverySeconds == 1550)
        #expect(report.p95DeliverySeconds == 2400) // nearest rank 19 of 20
        // errors e_i = 10 i − 90: signed mean 5, |e| values 90,80,…,0,…,100
        let errors = (0..<20).map { Double($0 * 10 - 90) }
        #expect(abs(try #require(report.etaMeanSignedErrorSeconds) - 5) < 1e-9)
        #expect(abs(try #require(report.etaMeanAbsoluteErrorSeconds) - errors.map(abs).reduce(0, +) / 20) < 1e-9)
        #expect(report.etaP95AbsoluteErrorSeconds == 90)
        #expect(report.onTimeRate == Double(errors.filter { $0 <= 30 }.count) / 20)
        #expect(report.droneUtilisation.map(\.droneID) == ["alpha", "beta"])
        #expect(report.droneUtilisation[0].flightSeconds == 5000)
        #expect(report.droneUtilisation[1].flightSeconds == 15_300)
        #expect(abs(report.droneUtilisation[1].utilisation - 15_300 / 172_800) < 1e-12)
        #expect(report.meanEnergyPerDeliveryWh == 49.5)

        let decoded = try JSONDecoder().decode(AnalyticsReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
    }

    @Test func onTimeAgainstTheCustomersDeadline() {
        let records = [
            // Delivered by its deadline, after it, a booking without one, one still open past its deadline,
            // one whose deadline is still ahead, and a cancelled one past its deadline.
            DeliveryRecord(id: "a", status: .delivered, requestedAt: 10, deliveredAt: 500, deadline: 600),
            DeliveryRecord(id: "b", status: .completed, requestedAt: 20, deliveredAt: 900, deadline: 800),
            DeliveryRecord(id: "c", status: .delivered, requestedAt: 30, deliveredAt: 400),
            DeliveryRecord(id: "d", status: .requested, requestedAt: 40, deadline: 700),
            DeliveryRecord(id: "e", status: .scheduled, requestedAt: 50, deadline: 5_000),
            DeliveryRecord(id: "f", status: .cancelled, requestedAt: 60, deadline: 300),
        ]
        let report = DeliveryAnalytics.report(records: records, windowStart: 0, windowEnd: 1_000)
        #expect(report.withDeadlineCount == 3)
        #expect(report.deadlineMetRate == 1.0 / 3)
        #expect(report.csv().contains("deadlineMetRate"))
        #expect(
            DeliveryAnalytics.report(records: [records[2]], windowStart: 0, windowEnd: 1_000).deadlineMetRate == nil)
    }

    @Test func emptyWindowHasNoStatistics() {
        let report = DeliveryAnalytics.report(records: [], windowStart: 0, windowEnd: 10)
        #expect(report.meanDeliverySeconds == nil && report.onTimeRate == nil && report.p95DeliverySeconds == nil)
        #expect(report.csv().hasPrefix("section,key,value\r\n"))
    }

    @Test func csvFollowsRFC4180() {
        var report = DeliveryAnalytics.report(records: records(), windowStart: day0, windowEnd: day0 + 86_400)
        report.droneUtilisation.append(.init(droneID: "we\"ird,id", flightSeconds: 1, utilisation: 0.5))
        let csv = report.csv()
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.contains("droneUtilisation,\"we\"\"ird,id\",0.5\r\n"))
        #expect(csv.contains("summary,deliveredCount,12\r\n"))
        #expect(csv.contains("deliveriesPerDay,2026-11-24,12\r\n"))
        #expect(AnalyticsReport.csvField("a\nb") == "\"a\nb\"")
        #expect(AnalyticsReport.csvField("plain") == "plain")
    }
}
