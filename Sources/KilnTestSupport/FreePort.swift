import KilnStore

/// TCP ports for servers a test starts.
package enum FreePort {
    /// A port on 127.0.0.1 that nothing listens on now (`LocalCluster.Sharing.freeLoopbackPort()`).
    package static func next() throws -> Int {
        try LocalCluster.Sharing.freeLoopbackPort()
    }
}
