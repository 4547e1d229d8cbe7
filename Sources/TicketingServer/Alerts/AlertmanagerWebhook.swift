import Foundation

/// The body Alertmanager POSTs to a webhook receiver (`"version": "4"`, the only version it sends).
public struct AlertmanagerWebhook: Decodable, Sendable, Equatable {
    public struct Alert: Decodable, Sendable, Equatable {
        public var status: String
        public var labels: [String: String]
        public var annotations: [String: String]
        public var startsAt: String?
        public var endsAt: String?
        public var generatorURL: String?
        public var fingerprint: String?
    }

    public var version: String
    public var status: String
    public var receiver: String?
    public var groupKey: String?
    public var truncatedAlerts: Int?
    public var groupLabels: [String: String]?
    public var commonLabels: [String: String]?
    public var commonAnnotations: [String: String]?
    public var externalURL: String?
    public var alerts: [Alert]

    /// Why a body is refused, in words for the sender's log.
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case notJSON(String)
        case unsupportedVersion(String)
        case badStatus(String)
        case noAlerts

        public var description: String {
            switch self {
            case .notJSON(let detail): "the body is not an Alertmanager webhook (JSON with version, status and alerts): \(detail)"
            case .unsupportedVersion(let version): "webhook version \"\(version)\" is not supported; Alertmanager sends \"4\""
            case .badStatus(let status): "status must be \"firing\" or \"resolved\", not \"\(status)\""
            case .noAlerts: "the webhook carries no alerts"
            }
        }
    }

    public static func decode(_ data: Data) throws(Invalid) -> AlertmanagerWebhook {
        let hook: AlertmanagerWebhook
        do {
            hook = try JSONDecoder().decode(AlertmanagerWebhook.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .notJSON("missing \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .notJSON("wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw .notJSON("unreadable JSON")
        }
        guard hook.version == "4" else { throw .unsupportedVersion(hook.version) }
        for status in [hook.status] + hook.alerts.map(\.status) where !["firing", "resolved"].contains(status) {
            throw .badStatus(status)
        }
        guard !hook.alerts.isEmpty else { throw .noAlerts }
        return hook
    }
}
