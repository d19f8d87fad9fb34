import Foundation

/// The numbered SQL migrations in `store/migrations/`, shipped with the build.
public enum Schema {
    /// Migration files in the order they apply: `(version, name, sql)`.
    public static func migrations() throws -> [(version: Int, name: String, sql: String)] {
        guard let folder = Bundle.module.url(forResource: "migrations", withExtension: nil) else { return [] }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
        return try files.compactMap { url -> (Int, String, String)? in
            let name = url.deletingPathExtension().lastPathComponent
            guard let version = Int(name.prefix { $0.isNumber }) else { return nil }
            return (version, name, try String(contentsOf: url, encoding: .utf8))
        }.sorted { $0.0 < $1.0 }
    }
}
