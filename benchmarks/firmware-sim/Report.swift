import Foundation

/// The docs/benchmarks.md section of a benchmark session.
struct Report {
    static let begin = "<!-- firmware-sim:begin -->"
    static let end = "<!-- firmware-sim:end -->"
    static let goal = 1000

    let results: [CountResult]
    let runs: Int
    let window: Double
    let positionRate: Double
    let airborne: Bool
    let commandLine: String
    let note: String?

    /// The largest count whose every run kept real time.
    var largestKept: CountResult? { results.last(where: \.keepsUp) }

    func markdown() -> String {
        var lines = [
            Self.begin,
            "## firmware-sim: simulated drones per core",
            "",
            "- Machine: \(Machine.description)",
            "- Command: `swift build -c release --product firmware-sim-bench && \(commandLine)`",
            "- Method: one `Simulator` (one NIO event-loop thread: 50 Hz physics of every vehicle, telemetry encoding, "
                + "UDP sends) with GLOBAL_POSITION_INT at \(fixed(positionRate, 0)) Hz plus the default streams "
                + "(HEARTBEAT 1, ATTITUDE 5, GPS_RAW_INT 2, VFR_HUD 2, SYS_STATUS/BATTERY_STATUS/EXTENDED_SYS_STATE/"
                + "MISSION_CURRENT/SYSTEM_TIME 1, HOME_POSITION 0.5 Hz), "
                + (airborne
                    ? "every vehicle armed and taken off before the window (flight physics: climb, hover, battery under load)"
                    : "vehicles on the ground")
                + ", all sending to one "
                + "receiving socket in the same process. \(runs) runs per count, \(fixed(window, 0)) s measured after a warm-up. "
                + "*Kept real time* = simulated time advanced ≥ 0.98× wall time and lag < 100 ms at the end. "
                + "*CPU* = CPU time of the simulation thread (CLOCK_THREAD_CPUTIME_ID) / elapsed; *busy* = wall time it "
                + "spent working / elapsed (includes time preempted by other processes). *Capacity* = vehicles × real-time factor / CPU share.",
            "",
            "| vehicles | airborne (min) | real-time factor (median, min–max) | CPU % of one core (median, min–max) | busy % (median) | frames/s sent (median) | capacity estimate (median) | kept real time (all runs) |",
            "|---:|---:|---|---|---:|---:|---:|:---:|",
        ]
        for r in results {
            let rt = r.stats(\.realTimeFactor)
            let cpu = r.stats(\.cpuFraction)
            lines.append(
                "| \(r.count) | \(r.samples.map(\.airborne).min() ?? 0) | \(fixed(rt.median, 3)) (\(fixed(rt.min, 3))–\(fixed(rt.max, 3))) "
                    + "| \(fixed(cpu.median * 100, 1)) (\(fixed(cpu.min * 100, 1))–\(fixed(cpu.max * 100, 1))) "
                    + "| \(fixed(r.stats(\.busyFraction).median * 100, 1)) "
                    + "| \(Int(r.stats(\.framesSentPerSecond).median)) | \(Int(r.stats(\.capacityEstimate).median)) | \(r.keepsUp ? "yes" : "no") |"
            )
        }
        lines.append("")
        let kept = largestKept?.count ?? 0
        let verdict = kept >= Self.goal ? "**met**" : "**not met**"
        let capacity = largestKept.map { Int($0.stats(\.capacityEstimate).median) } ?? 0
        lines.append(
            "Goal: ≥ \(Self.goal) drones at 10 Hz in real time on one core. Largest count kept in every run: \(kept) "
                + "(CPU-based capacity estimate there: \(capacity)). Verdict: \(verdict).")
        if let note {
            lines.append("")
            lines.append(note)
        }
        // Machine-readable for the summary at the top of the document (benchmarks/benchmarks_doc.py).
        lines.append("")
        lines.append(
            "<!-- summary: [{\"figure\": \"firmware-sim: drones at 10 Hz kept in real time on one core\", "
                + "\"value\": \"\(kept) (CPU-based capacity estimate \(capacity))\", \"goal\": \">= \(Self.goal)\", "
                + "\"met\": \(kept >= Self.goal)}] -->")
        lines.append(Self.end)
        return lines.joined(separator: "\n")
    }
}

/// Host facts for the report.
enum Machine {
    static var description: String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(
                String.init) ?? "?"
        return
            "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores visible, load average \(load) at the end (shared machine)"
    }
}

/// The markdown file holding every benchmark's section.
struct ReportFile {
    let path: String

    /// Replaces the text between the firmware-sim markers, appending the section if it is absent.
    func replaceSection(with section: String) throws {
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "# SkyRelay benchmarks\n"
        var text: String
        if let begin = existing.range(of: Report.begin), let end = existing.range(of: Report.end),
            begin.lowerBound < end.upperBound
        {
            text = existing.replacingCharacters(in: begin.lowerBound..<end.upperBound, with: section)
        } else {
            text = existing.hasSuffix("\n") ? existing : existing + "\n"
            text += "\n" + section + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
