/// The hot path of telemetry decoding (ground takes up to tens of thousands of samples a second):
/// reads a telemetry payload in its plain form, as agents write it, straight from the received bytes into
/// a ``Telemetry``, without `JSONDecoder`'s generic containers. Any other form (escapes, unknown or
/// repeated keys, a wrong type, another version or type, integers with a fraction) gives nil and the
/// caller decodes with `JSONDecoder`, which gives the same value or the field-named error. Validation
/// (``Telemetry/validate()``) is left to the caller, as for the decoder.
package enum TelemetryScanner {
    package static func scan(_ bytes: UnsafeRawBufferPointer) -> Telemetry? {
        var reader = JSONByteReader(bytes)
        do {
            let sample = try Sample.scan(&reader)
            guard reader.atEnd() else { return nil }
            return sample
        } catch {
            return nil
        }
    }
}
