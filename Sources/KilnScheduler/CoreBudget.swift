import Synchronization

/// The cores a machine's workers share: a claim takes only runs whose threads fit in what is free,
/// so trainers never oversubscribe the machine. Claiming holds the budget's lock, so two local
/// workers cannot both spend the same cores.
public final class CoreBudget: Sendable {
    /// Cores in total.
    public let cores: Int
    private let free: Mutex<Int>

    /// A budget of `cores` (at least 1), all free.
    public init(cores: Int) {
        self.cores = max(1, cores)
        free = Mutex(self.cores)
    }

    /// Calls `claim` with the free cores (when any) and reserves what the claimed run needs.
    /// Returns the claimed value and the cores reserved.
    func reserve<T>(_ claim: (Int) throws -> (T, threads: Int)?) rethrows -> (T, reserved: Int)? {
        try free.withLock { free in
            guard free > 0, let (value, threads) = try claim(free) else { return nil }
            let reserved = min(threads, cores)
            free -= reserved
            return (value, reserved)
        }
    }

    /// Gives back cores reserved by `reserve`.
    func release(_ count: Int) {
        free.withLock { $0 += count }
    }
}
