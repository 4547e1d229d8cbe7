import Foundation

/// `qticketd demo --controlled` talks to the `qticket demo` that started it over its standard
/// input and output, one line each: it prints `ready <DemoReady JSON>` once it serves; `rush`
/// on its input opens the rush show's sale (a countdown) and is answered `rush <DemoRush JSON>`
/// (`rush {}` when there is none); closing its input stops it.
public enum DemoControl {
    public static let readyPrefix = "ready "
    public static let rushCommand = "rush"
    public static let rushPrefix = "rush "
}

public struct DemoReady: Codable, Sendable, Equatable {
    public var host: String
    public var port: UInt16
    public var dataDirectory: String
    public var logFile: String
    /// True when the server made the directory and removes it when it stops.
    public var temporary: Bool
    public var password: String
    public var buyerEmail: String
    public var sellerEmail: String

    public init(host: String, port: UInt16, dataDirectory: String, logFile: String, temporary: Bool,
                password: String, buyerEmail: String, sellerEmail: String) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logFile = logFile
        self.temporary = temporary
        self.password = password
        self.buyerEmail = buyerEmail
        self.sellerEmail = sellerEmail
    }
}

public struct DemoRush: Codable, Sendable, Equatable {
    public var performanceId: String?
    public var title: String?
    public var saleOpensAt: Date?
    public var bots: Int?

    public init(performanceId: String? = nil, title: String? = nil, saleOpensAt: Date? = nil, bots: Int? = nil) {
        self.performanceId = performanceId
        self.title = title
        self.saleOpensAt = saleOpensAt
        self.bots = bots
    }
}
