import Foundation
import GroundCore

/// Words for what a request field must be, so error messages speak the API's vocabulary.
enum DecodingVocabulary {
    /// "a string", "a number"... for a JSON type mismatch against `type`.
    static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type, is UInt32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        case is Date.Type: "an RFC 3339 date-time string"
        default: "an object"
        }
    }

    /// What a field whose value could not be read must hold: the allowed values of an enum field,
    /// the date format of a time field.
    static func requirement(ofField name: String) -> String {
        switch name {
        case "size": "must be one of \(PackageSize.allCases.map(\.rawValue).joined(separator: ", "))"
        case "action": "must be one of \(OverrideAction.allCases.map(\.rawValue).joined(separator: ", "))"
        case "start", "end": "must be an RFC 3339 date-time such as 2026-05-01T12:00:00Z"
        default: "has an invalid value"
        }
    }
}
