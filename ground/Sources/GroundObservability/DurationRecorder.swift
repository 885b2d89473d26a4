import Prometheus

/// One registered duration histogram, looked up once and kept by a hot path (the ingest loop) so an
/// observation costs no registry lookup.
package struct DurationRecorder: Sendable {
    let histogram: DurationHistogram

    package func record(_ duration: Duration) { histogram.record(duration) }
}
