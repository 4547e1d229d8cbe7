import Foundation
import TicketingProtocol

/// A statement's ledger lines as RFC 4180 CSV: CRLF line ends, and a field holding a comma,
/// quote, CR or LF is quoted with its quotes doubled (descriptions such as "10% of 45,000 KRW"
/// carry commas).
enum StatementCSV {
    static let header = ["entryId", "occurredAt", "orderId", "account", "debit", "credit", "description"]

    static func render(_ lines: [LedgerLineDTO]) -> String {
        var out = row(header)
        for line in lines {
            out += row([line.entryId, RFC3339.format(line.occurredAt), line.orderId, line.account,
                        String(line.debit), String(line.credit), line.description])
        }
        return out
    }

    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
