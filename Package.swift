// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "QueueTicket",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qticketd", targets: ["qticketd"]),
        .executable(name: "qticket", targets: ["qticket"]),
        .executable(name: "qticket-bench", targets: ["qticket-bench"]),
        .executable(name: "qticket-fuzz", targets: ["qticket-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        // No pkgConfig: ncursesw.pc adds -D_XOPEN_SOURCE=600, which SwiftPM rejects; the shim
        // defines what it needs and libncursesw.so pulls in libtinfo itself.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(name: "TicketingDomain", swiftSettings: strict),
        .target(name: "TicketingProtocol", dependencies: ["TicketingDomain"], swiftSettings: strict),
        .target(name: "TicketingStorage", dependencies: [
            "TicketingDomain",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .target(name: "PaymentSandbox", dependencies: [
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], swiftSettings: strict),
        .target(name: "TicketingServer", dependencies: [
            "TicketingDomain", "TicketingProtocol", "TicketingStorage", "TicketingClient", "PaymentSandbox", "COpenSSL",
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], swiftSettings: strict),
        .target(name: "TicketingClient", dependencies: [
            "TicketingProtocol", "COpenSSL",
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ], swiftSettings: strict),
        .target(name: "TerminalUI", dependencies: ["TicketingDomain", "TicketingProtocol"], swiftSettings: strict),
        .target(name: "TerminalCurses", dependencies: ["TerminalUI", "CNCurses"], swiftSettings: strict),
        .target(name: "TerminalApp", dependencies: [
            "TerminalUI", "TerminalCurses", "TicketingClient", "TicketingProtocol",
        ], swiftSettings: strict),
        .executableTarget(name: "qticketd", dependencies: [
            "TicketingServer", "TicketingStorage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .executableTarget(name: "qticket", dependencies: [
            "TicketingServer", "TicketingStorage", "TerminalApp",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .executableTarget(name: "qticket-bench", dependencies: [
            "TicketingServer", "TicketingClient", "TicketingDomain", "TicketingProtocol", "TicketingStorage",
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: strict),
        .target(name: "TransportFuzz", dependencies: ["TicketingDomain"], swiftSettings: strict),
        .executableTarget(name: "qticket-fuzz", dependencies: [
            "TransportFuzz", "TicketingServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        // Shared by the test targets only (seeded randomness); never linked into a product.
        .target(name: "TestSupport", dependencies: ["TicketingDomain"], path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "TicketingDomainTests", dependencies: ["TicketingDomain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TicketingClientTests", dependencies: [
            "TicketingClient", .product(name: "FlyingFox", package: "FlyingFox"),
        ], swiftSettings: strict),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TerminalCurses", "TicketingProtocol",
                                                             "TicketingDomain", "CNCurses"],
                    exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "PaymentSandboxTests", dependencies: [
            "PaymentSandbox", "TicketingServer", "TicketingClient",
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], swiftSettings: strict),
        .testTarget(name: "TicketingServerTests", dependencies: [
            "TicketingServer", "TicketingStorage", "TicketingDomain",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "SettlementTests", dependencies: [
            "TicketingDomain", "TicketingStorage", "TicketingServer", "TicketingProtocol", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: [
            "TicketingServer", "TicketingClient", "TicketingProtocol", "PaymentSandbox", "TerminalApp", "TerminalUI",
            "TestSupport", "TransportFuzz", "TicketingStorage", "TicketingDomain",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
    ]
)
