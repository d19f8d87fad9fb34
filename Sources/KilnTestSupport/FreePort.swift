import KilnStore

/// TCP ports for servers a test starts.
public enum FreePort {
    /// A port on 127.0.0.1 that nothing listens on now (`LocalCluster.Sharing.freeLoopbackPort()`).
    public static func next() throws -> Int {
        try LocalCluster.Sharing.freeLoopbackPort()
    }
}
