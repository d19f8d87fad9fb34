/// Rendered pages by key and store version: a page asked for again at the same version (another viewer,
/// a live refresh) is served without loading or rendering, and concurrent requests for one version share
/// one rendering. Only the latest version of each key is kept.
package actor PageCache {
    private var pages: [String: (version: Int, task: Task<String, any Error>)] = [:]

    package init() {}

    /// The page `key` at `version`, rendered by `render` unless already rendered or being rendered.
    package func page(
        _ key: String, version: Int, render: @escaping @Sendable () async throws -> String
    ) async throws -> String {
        if let cached = pages[key], cached.version == version {
            return try await cached.task.value
        }
        let task = Task { try await render() }
        pages[key] = (version, task)
        do {
            return try await task.value
        } catch {
            // A failure (a sweep deleted meanwhile, the store down) is not cached.
            if pages[key]?.version == version { pages[key] = nil }
            throw error
        }
    }
}
