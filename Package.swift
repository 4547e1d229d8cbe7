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
        // Scale-out clients (docs/SCALE_OUT.md): hiredis and libpq, each connection on its own thread.
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CLibpq", path: "Sources/CLibpq", providers: [.apt(["libpq-dev"])]),
        // glibc's malloc.h (`mallopt`), for the daemon's heap settings.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        .target(name: "TicketingDomain", swiftSettings: strict),
        // Ticket codes and Ed25519 (docs/TICKETS.md): shared by the server and the door client.
        .target(name: "TicketSigning", dependencies: ["TicketingProtocol", "COpenSSL"], swiftSettings: strict),
        .target(name: "ConnectionPooling", dependencies: ["TicketingDomain"], swiftSettings: strict),
        .target(name: "TicketingRedis", dependencies: ["TicketingDomain", "ConnectionPooling", "CHiredis", "COpenSSL"],
                swiftSettings: strict),
        .target(name: "TicketingPostgres", dependencies: ["TicketingDomain", "TicketingRecords", "ConnectionPooling", "CLibpq"],
                swiftSettings: strict),
        .target(name: "TicketingProtocol", dependencies: ["TicketingDomain"], swiftSettings: strict),
        .target(name: "TicketingRecords", dependencies: ["TicketingDomain"], swiftSettings: strict),
        .target(name: "TicketingStorage", dependencies: [
            "TicketingDomain", "TicketingRecords",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .target(name: "PaymentSandbox", dependencies: [
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], swiftSettings: strict),
        .target(name: "TicketingServer", dependencies: [
            "TicketingDomain", "TicketingProtocol", "TicketingStorage", "TicketingNet", "PaymentSandbox", "COpenSSL",
            "TicketSigning", "TicketingRedis", "TicketingPostgres", "ConnectionPooling",
            .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], swiftSettings: strict),
        // Sockets, TLS, HTTP/1.1 and WebSocket codecs for both ends; knows no API types.
        .target(name: "TicketingNet", dependencies: [
            "TicketingDomain", "COpenSSL",
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ], swiftSettings: strict),
        .target(name: "TicketingClient", dependencies: ["TicketingNet", "TicketingProtocol"], swiftSettings: strict),
        .target(name: "TerminalUI", dependencies: ["TicketingDomain", "TicketingProtocol", "CQRencode"],
                swiftSettings: strict),
        .target(name: "TerminalCurses", dependencies: ["TerminalUI", "CNCurses"], swiftSettings: strict),
        .target(name: "TerminalApp", dependencies: [
            "TerminalUI", "TerminalCurses", "TicketingClient", "TicketingProtocol", "TicketSigning",
        ], swiftSettings: strict),
        .executableTarget(name: "qticketd", dependencies: [
            "TicketingServer", "TicketingStorage", "TicketingClient", "TicketingDomain", "TicketingProtocol",
            "PaymentSandbox", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        // The terminal client links no server: `qticket demo` runs `qticketd demo` as a child.
        // Tests/EndToEndTests/PackageBoundaryTests.swift fails if a server module comes back.
        .executableTarget(name: "qticket", dependencies: [
            "TerminalApp", "TicketingClient", "TicketingProtocol", "TicketingDomain",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        .executableTarget(name: "qticket-bench", dependencies: [
            "TicketingServer", "TicketingClient", "TicketingDomain", "TicketingProtocol", "TicketingStorage",
            "PaymentSandbox", .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: strict),
        .target(name: "TransportFuzz", dependencies: ["TicketingDomain", "TicketingNet"], swiftSettings: strict),
        .executableTarget(name: "qticket-fuzz", dependencies: [
            "TransportFuzz", "TicketingServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strict),
        // Shared by the test targets only (seeded randomness); never linked into a product.
        .target(name: "TestSupport", dependencies: ["TicketingDomain"], path: "Tests/TestSupport", swiftSettings: strict),
        // The server run in-process for route tests (no sockets); test targets only.
        .target(name: "RouteTesting", dependencies: [
            "TicketingServer", "TicketingProtocol", .product(name: "FlyingFox", package: "FlyingFox"),
        ], path: "Tests/RouteTesting", swiftSettings: strict),
        .testTarget(name: "TicketingDomainTests", dependencies: ["TicketingDomain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TicketingRedisTests", dependencies: ["TicketingRedis", "ConnectionPooling", "TicketingDomain"],
                    swiftSettings: strict),
        .testTarget(name: "TicketingPostgresTests", dependencies: [
            "TicketingPostgres", "ConnectionPooling", "TicketingDomain", "TicketingRecords",
            // The contract suites run the same assertions against SQLite, the reference.
            "TicketingStorage", .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "TicketingClientTests", dependencies: [
            "TicketingClient", "TicketingNet", "PaymentSandbox", .product(name: "FlyingFox", package: "FlyingFox"),
        ], swiftSettings: strict),
        .testTarget(name: "TicketingNetTests", dependencies: ["TicketingNet"], swiftSettings: strict),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TerminalCurses", "TicketingProtocol",
                                                             "TicketingDomain", "CNCurses"],
                    exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "PaymentSandboxTests", dependencies: [
            "PaymentSandbox", "TicketingServer", "TicketingClient",
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], swiftSettings: strict),
        .testTarget(name: "TicketingServerTests", dependencies: [
            "TicketingServer", "TicketingStorage", "TicketingDomain", "TicketingProtocol", "RouteTesting", "TestSupport", "TicketSigning",
            "TicketingRedis", "TicketingPostgres", "ConnectionPooling",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "SettlementTests", dependencies: [
            "TicketingDomain", "TicketingStorage", "TicketingServer", "TicketingProtocol", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: [
            "TicketingServer", "TicketingClient", "TicketingProtocol", "PaymentSandbox", "TerminalApp", "TerminalUI",
            "TestSupport", "TransportFuzz", "RouteTesting", "TicketSigning", "TicketingStorage", "TicketingDomain",
            "ConnectionPooling", .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ], swiftSettings: strict),
    ]
)
