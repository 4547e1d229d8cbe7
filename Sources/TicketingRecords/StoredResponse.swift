import Foundation

/// A response kept for an `Idempotency-Key`, replayed when the same request comes again.
public struct StoredResponse: Sendable, Equatable {
    public var requestHash: String
    public var status: Int
    public var contentType: String?
    public var body: Data

    public init(requestHash: String, status: Int, contentType: String?, body: Data) {
        self.requestHash = requestHash
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
