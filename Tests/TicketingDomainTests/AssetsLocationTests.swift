import Foundation
import Testing
import TicketingDomain

@Suite struct AssetsLocationTests {
    let executable = URL(fileURLWithPath: "/home/kim/queueticket/.build/x86_64-unknown-linux-gnu/debug/qticket")
    let elsewhere = URL(fileURLWithPath: "/tmp/somewhere")

    @Test func aBuildInTheSourceTreeFindsTheTreesAssetsFromAnyFolder() throws {
        let found = try AssetsLocation.locate(explicit: nil, environment: [:], executable: executable,
                                              currentDirectory: elsewhere) {
            $0 == "/home/kim/queueticket/Assets/catalog/demo.json"
        }
        #expect(found.path == "/home/kim/queueticket/Assets")
    }

    @Test func anInstallFindsItsSharedAssets() throws {
        let installed = URL(fileURLWithPath: "/usr/local/bin/qticketd")
        let found = try AssetsLocation.locate(explicit: nil, environment: [:], executable: installed,
                                              currentDirectory: elsewhere) {
            $0 == "/usr/local/share/queueticket/Assets/catalog/demo.json"
        }
        #expect(found.path == "/usr/local/share/queueticket/Assets")
    }

    @Test func theFlagThenTheEnvironmentComeFirst() throws {
        let everywhere: (String) -> Bool = { _ in true }
        #expect(try AssetsLocation.locate(explicit: "/opt/assets", environment: ["QTICKET_ASSETS": "/env/assets"],
                                          executable: executable, currentDirectory: elsewhere, exists: everywhere).path
            == "/opt/assets")
        #expect(try AssetsLocation.locate(explicit: nil, environment: ["QTICKET_ASSETS": "/env/assets"],
                                          executable: executable, currentDirectory: elsewhere, exists: everywhere).path
            == "/env/assets")
    }

    @Test func nothingFoundListsWhereItLooked() {
        #expect(throws: AssetsLocation.NotFound.self) {
            try AssetsLocation.locate(explicit: nil, environment: [:], executable: executable,
                                      currentDirectory: elsewhere) { _ in false }
        }
    }
}
