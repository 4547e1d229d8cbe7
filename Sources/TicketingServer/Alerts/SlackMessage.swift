import Foundation

/// An Alertmanager webhook as a Slack incoming-webhook message: `text` for notifications and
/// clients without blocks, `blocks` for the room (a header, then one section per alert).
public enum SlackMessage {
    /// Slack refuses a message of more than 50 blocks; the rest are counted in the last one.
    static let maxAlertBlocks = 20

    public static func make(from hook: AlertmanagerWebhook) -> Data {
        let firing = hook.alerts.filter { $0.status == "firing" }.count
        let resolved = hook.alerts.count - firing
        let name = hook.groupLabels?["alertname"] ?? hook.commonLabels?["alertname"]
            ?? hook.alerts.first?.labels["alertname"] ?? "alert"
        let icon = hook.status == "firing" ? ":rotating_light:" : ":white_check_mark:"
        var counts: [String] = []
        if firing > 0 { counts.append("\(firing) firing") }
        if resolved > 0 { counts.append("\(resolved) resolved") }
        let title = "\(icon) [\(hook.status.uppercased())] \(name) (\(counts.joined(separator: ", ")))"
        var blocks: [[String: Any]] = [["type": "header", "text": ["type": "plain_text", "text": String(title.prefix(150)), "emoji": true]]]
        var lines = [title]
        for alert in hook.alerts.prefix(maxAlertBlocks) {
            let line = describe(alert)
            lines.append(line)
            blocks.append(["type": "section", "text": ["type": "mrkdwn", "text": String(line.prefix(3000))]])
        }
        if hook.alerts.count > maxAlertBlocks || (hook.truncatedAlerts ?? 0) > 0 {
            let more = hook.alerts.count - min(hook.alerts.count, maxAlertBlocks) + (hook.truncatedAlerts ?? 0)
            blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "… and \(more) more"]]])
            lines.append("… and \(more) more")
        }
        if let url = hook.externalURL, !url.isEmpty {
            blocks.append(["type": "context", "elements": [["type": "mrkdwn", "text": "<\(url)|Alertmanager>"]]])
        }
        let message: [String: Any] = ["text": lines.joined(separator: "\n"), "blocks": blocks]
        // Only strings, arrays and dictionaries above: serialisation cannot fail.
        return (try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// `*NodeDown* firing (severity critical, instance 10.0.0.2:8080): summary — description`.
    static func describe(_ alert: AlertmanagerWebhook.Alert) -> String {
        let name = alert.labels["alertname"] ?? "alert"
        let context = alert.labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var line = "*\(name)* \(alert.status)"
        if !context.isEmpty { line += " (\(context))" }
        let words = [alert.annotations["summary"], alert.annotations["description"]].compactMap { $0 }
        if !words.isEmpty { line += ": " + words.joined(separator: " — ") }
        return line
    }
}
