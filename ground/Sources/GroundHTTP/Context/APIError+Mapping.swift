import Foundation
import GroundCore
import Hummingbird

extension APIError {
    /// Maps domain, decoding and framework errors to the API's JSON error shape.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DeliveryServiceError:
            return from(error)
        case let error as DecodingError:
            return from(error)
        case let error as StoreError where error.kind == .staleVersion:
            return APIError(
                .conflict, code: "concurrent_update",
                message: "the delivery kept changing while this request was applied; retry")
        case let error as StoreError:
            return APIError(
                .internalServerError, code: "storage_error", message: "storage failure (\(error.kind.rawValue))")
        case let error as DispatchError:
            return from(error)
        case let error as AlertError:
            return from(error)
        case let error as HTTPError:
            let code =
                switch error.status {
                case .contentTooLarge: "body_too_large"
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                default: "http_error"
                }
            return APIError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, code: "internal_error", message: "internal error")
        }
    }

    static func from(_ error: DeliveryServiceError) -> APIError {
        switch error {
        case let .invalid(field, code, message):
            APIError(.unprocessableContent, code: code, field: field, message: message)
        case let .notFound(id): APIError(.notFound, code: "not_found", message: "no delivery \(id)")
        case let .conflict(t):
            APIError(
                .conflict, code: "illegal_transition", field: "status", message: t.description, currentStatus: t.from)
        case let .store(e): from(e)
        }
    }

    /// A decoding failure as a 400 whose message names the field and what it must be, never the
    /// decoder's own wording (which names Swift types).
    static func from(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String? {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
            return text.isEmpty ? nil : text
        }
        switch error {
        case let .keyNotFound(key, context):
            let field = path(context, key)
            return APIError(
                .badRequest, code: "missing_field", field: field, message: "\(field ?? key.stringValue): is required")
        case let .valueNotFound(_, context):
            let field = path(context)
            return APIError(
                .badRequest, code: "invalid_type", field: field, message: "\(field ?? "body"): must not be null")
        case let .typeMismatch(type, context):
            let field = path(context)
            return APIError(
                .badRequest, code: "invalid_type", field: field,
                message: "\(field ?? "body"): must be \(DecodingVocabulary.kind(of: type))")
        case let .dataCorrupted(context):
            guard let field = path(context) else {
                return APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
            }
            return APIError(
                .badRequest, code: "invalid_value", field: field,
                message:
                    "\(field): \(DecodingVocabulary.requirement(ofField: context.codingPath.last?.stringValue ?? field))"
            )
        @unknown default:
            return APIError(.badRequest, code: "malformed_json", message: "the body could not be decoded")
        }
    }

    static func from(_ error: AlertError) -> APIError {
        switch error {
        case let .notFound(id): APIError(.notFound, code: "not_found", message: "no alert \(id)")
        case let .conflict(id, state):
            APIError(.conflict, code: "alert_state", message: "alert \(id) is already \(state.rawValue)")
        case let .store(e): from(e)
        }
    }

    static func from(_ error: DispatchError) -> APIError {
        switch error {
        case let .unknownDrone(id): APIError(.notFound, code: "not_found", message: "no drone \(id)")
        case let .droneOffline(id): APIError(.conflict, code: "drone_offline", message: "drone \(id) is offline")
        case let .rejected(id, reason):
            APIError(.conflict, code: "command_rejected", message: "drone \(id) refused: \(reason)")
        case let .unavailable(reason): APIError(.serviceUnavailable, code: "fleet_unavailable", message: reason)
        }
    }
}
