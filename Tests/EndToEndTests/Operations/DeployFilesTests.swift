import Foundation
import Testing

let systemdAnalyzeInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")

/// The files in deploy/ that need no running node: alert rules (checked and unit-tested by
/// promtool), the scrape configuration, and the systemd units.
@Suite("deploy/ files")
struct DeployFilesTests {
    static var prometheus: URL { repositoryRoot.appendingPathComponent("deploy/prometheus") }

    @Test(.enabled(if: promtoolInstalled, "promtool is not installed (Debian package prometheus; .ci/deps installs it)"))
    func alertRulesPassPromtoolCheckAndTheirUnitTests() async throws {
        let check = try #require(try await runTool("promtool", ["check", "rules", "alerts.yml"], directory: Self.prometheus))
        #expect(check.status == 0 && check.output.contains("SUCCESS: 7 rules found"), "\(check.output)")
        let tests = try #require(try await runTool("promtool", ["test", "rules", "alerts_test.yml"], directory: Self.prometheus))
        #expect(tests.status == 0 && tests.output.contains("SUCCESS"), "\(tests.output)")
        for alert in ["QticketNodeDown", "QticketHigh5xxRate", "QticketHighLatencyP99", "QticketWaitingLineOutpacesAdmission",
                      "QticketOutboxLag", "QticketPaymentsStuck"] {
            let cases = try String(contentsOf: Self.prometheus.appendingPathComponent("alerts_test.yml"), encoding: .utf8)
            #expect(cases.contains("alertname: \(alert)\n        exp_alerts:\n          - exp_labels"), "\(alert) has no firing test")
        }
        let config = try #require(try await runTool("promtool", ["check", "config", "prometheus.yml"], directory: Self.prometheus))
        #expect(config.status == 0 && config.output.contains("is valid prometheus config"), "\(config.output)")
    }

    /// Control: a rule test that expects the wrong thing fails, so the run above proves something.
    @Test(.enabled(if: promtoolInstalled, "promtool is not installed"))
    func aWrongExpectationFailsPromtoolTest() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qt-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: Self.prometheus.appendingPathComponent("alerts.yml"),
                                         to: directory.appendingPathComponent("alerts.yml"))
        let cases = try String(contentsOf: Self.prometheus.appendingPathComponent("alerts_test.yml"), encoding: .utf8)
        // The node-down case says "quiet at 1 m"; make the node go down at once instead.
        let broken = cases.replacingOccurrences(of: "values: '1 1 1 1 0 0 0 0 0 0'", with: "values: '0 0 0 0 0 0 0 0 0 0'")
        #expect(broken != cases)
        try broken.write(to: directory.appendingPathComponent("alerts_test.yml"), atomically: true, encoding: .utf8)
        let run = try #require(try await runTool("promtool", ["test", "rules", "alerts_test.yml"], directory: directory))
        #expect(run.status != 0 && run.output.contains("QticketNodeDown"))
    }

    static let hardening = ["DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                            "PrivateTmp=yes", "CapabilityBoundingSet=", "RestrictAddressFamilies="]

    @Test(arguments: [("qticketd.service", "StateDirectory=qticketd"),
                      ("qticketd-sandbox.service", "StateDirectory=qticketd-sandbox")])
    func systemdUnitsAreHardenedAndVerify(unit: String, state: String) async throws {
        let source = repositoryRoot.appendingPathComponent("deploy/systemd/\(unit)")
        let text = try String(contentsOf: source, encoding: .utf8)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for key in Self.hardening + [state] {
            #expect(lines.contains { $0.hasPrefix(key) }, "\(unit) lacks \(key)")
        }
        #expect(text.contains("--data ${STATE_DIRECTORY}"), "the data lives in the state directory")
        if unit == "qticketd.service" {
            #expect(lines.contains { $0.hasPrefix("Environment=QTICKET_COUPONS_CLAIM_ACK_WAIT_MS=") },
                    "a crashed node must lose no acknowledged coupon claim (docs/COUPONS.md)")
        }
        guard systemdAnalyzeInstalled else {
            // Without systemd-analyze the keys above are all that is checked.
            return
        }
        // systemd-analyze wants the binary to exist: point the unit at a stand-in.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qt-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("qticketd")
        try "#!/bin/sh\n".write(to: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let copy = directory.appendingPathComponent(unit)
        try text.replacingOccurrences(of: "/usr/local/bin/qticketd", with: binary.path)
            .write(to: copy, atomically: true, encoding: .utf8)
        let verify = try #require(try await runTool("systemd-analyze", ["verify", copy.path]))
        #expect(verify.status == 0 && verify.output.isEmpty, "\(unit): \(verify.output)")

        // Control: a misspelt key is reported, so the clean run above means something.
        try text.replacingOccurrences(of: "/usr/local/bin/qticketd", with: binary.path)
            .replacingOccurrences(of: "NoNewPrivileges=", with: "NoNewPrivilege=")
            .write(to: copy, atomically: true, encoding: .utf8)
        let misspelt = try #require(try await runTool("systemd-analyze", ["verify", copy.path]))
        #expect(misspelt.output.contains("Unknown key"), "\(misspelt.output)")
    }
}
