import Foundation

/// A well-formed ticket code for `performanceId` whose signature is zeros: enough to reach a
/// door's ownership check, never to enter. Shared by the in-process and socketed suites.
public func unsignedTicketCode(performanceId: String) -> String {
    let payload = Data(#"{"t":"tkt_none","p":"\#(performanceId)","s":"A-1","v":1}"#.utf8).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
    return "QT1.\(payload).\(String(repeating: "A", count: 86))"
}
