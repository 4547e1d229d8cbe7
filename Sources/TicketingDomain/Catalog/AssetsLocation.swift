import Foundation

/// Where the bundled `Assets/` (catalog and halls) are, wherever the program was started from:
/// the directory given, else `QTICKET_ASSETS`, else beside the executable or in an installed
/// `share/queueticket`, else up the executable's folders (a build under `.build/…` of the source
/// tree finds the tree's `Assets`), else the current directory's.
public enum AssetsLocation {
    public struct NotFound: Error, CustomStringConvertible {
        public var tried: [String]
        public var description: String {
            "No Assets directory (with catalog/demo.json) found; tried: \(tried.joined(separator: ", ")). Pass --assets DIR."
        }
    }

    /// Every place tried, in order. `executable` is the program's resolved path.
    public static func candidates(explicit: String?, environment: [String: String], executable: URL,
                                  currentDirectory: URL) -> [URL] {
        if let explicit { return [URL(fileURLWithPath: explicit, isDirectory: true)] }
        var places: [URL] = []
        if let fromEnvironment = environment["QTICKET_ASSETS"], !fromEnvironment.isEmpty {
            places.append(URL(fileURLWithPath: fromEnvironment, isDirectory: true))
        }
        let folder = executable.deletingLastPathComponent()
        places.append(folder.appendingPathComponent("Assets", isDirectory: true))
        places.append(folder.deletingLastPathComponent().appendingPathComponent("share/queueticket/Assets", isDirectory: true))
        var ancestor = folder.deletingLastPathComponent()
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            places.append(ancestor.appendingPathComponent("Assets", isDirectory: true))
            ancestor = ancestor.deletingLastPathComponent()
        }
        places.append(currentDirectory.appendingPathComponent("Assets", isDirectory: true))
        return places
    }

    /// The first candidate holding `catalog/demo.json`; an explicit directory is returned as given.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL = currentExecutable,
                              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                              exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws -> URL {
        let places = candidates(explicit: explicit, environment: environment, executable: executable,
                                currentDirectory: currentDirectory)
        if explicit != nil, let given = places.first { return given }
        if let found = places.first(where: { exists($0.appendingPathComponent("catalog/demo.json").path) }) {
            return found
        }
        throw NotFound(tried: places.map(\.path))
    }

    /// The running program, symlinks resolved (`/proc/self/exe` on Linux).
    public static var currentExecutable: URL {
        let link = "/proc/self/exe"
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) {
            return URL(fileURLWithPath: target)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath()
    }
}
