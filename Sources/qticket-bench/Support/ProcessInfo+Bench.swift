import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum ProcessMemory {
    /// Resident set of this process in bytes, from /proc/self/statm (pages × page size).
    static func selfRSS() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// `VmRSS` of another process in bytes, from /proc/PID/status.
    static func rss(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kb = Int(parts[1]) { return kb * 1024 }
        }
        return 0
    }

    /// Gives freed heap pages back to the system so RSS deltas measure live memory.
    static func trim() {
        // glibc's malloc_trim is not in the Glibc module; look it up (RTLD_DEFAULT is a null handle).
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
}

enum FileLimits {
    /// Raises RLIMIT_NOFILE (soft and, when allowed — root with CAP_SYS_RESOURCE — hard) to at
    /// least `wanted`; child processes inherit it. Returns the new soft limit.
    @discardableResult
    static func raise(atLeast wanted: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if Int(limit.rlim_max) < wanted {
            var higher = limit
            higher.rlim_max = rlim_t(wanted)
            higher.rlim_cur = rlim_t(wanted)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &higher) == 0 { return wanted }
        }
        return raiseToHardLimit()
    }

    /// Raises RLIMIT_NOFILE to the hard limit and returns the new soft limit.
    @discardableResult
    static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }
}

enum Machine {
    /// The 1-, 5- and 15-minute load averages, as /proc/loadavg prints them.
    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    static var summary: String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" }
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu ?? "?"), \(memory / 1_048_576) GiB"
    }
}
