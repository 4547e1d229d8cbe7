import Foundation
import TicketingClient
import TicketingProtocol

/// The card gateway's own refusal at checkout, before the server sees a payment: Toss's error body
/// `{"code": "INVALID_CARD_NUMBER", "message": …}` (docs/PAYMENT_SANDBOX.md), not the API's
/// envelope, so the buyer reads why the card was refused instead of "the server is busy".
struct GatewayRefusal: Error, Equatable {
    var status: Int
    var code: String

    private struct Body: Decodable {
        var code: String
    }

    /// The refusal in a non-2xx gateway answer; an answer that is not Toss's shape is an `APIError`.
    static func from(_ response: ClientResponse) -> any Error {
        guard let body = try? JSONDecoder().decode(Body.self, from: response.body) else {
            return APIError(response: response)
        }
        return GatewayRefusal(status: response.status, code: body.code)
    }
}
