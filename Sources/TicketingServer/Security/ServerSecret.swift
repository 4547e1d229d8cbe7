import Foundation

/// The signing key lives in the data directory (mode 0600) so tokens outlive restarts
/// but never leave the machine that issued them.
public enum ServerSecret {
    public static func loadOrCreate(in directory: URL) throws -> [UInt8] {
        let url = directory.appendingPathComponent("secret.key")
        if let data = try? Data(contentsOf: url), data.count >= 32 {
            return Array(data)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = Crypto.randomBytes(32)
        try Data(key).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return key
    }
}
