import Dispatch
import Synchronization

/// The cores a machine's workers share: a claim takes only runs whose threads fit in what is free,
/// so trainers never oversubscribe the machine. Claims take turns, and a claimer holds every free
/// core while its query runs, so two local workers cannot both spend the same cores; no lock is
/// held across the query, so giving cores back never waits for the database.
package final class CoreBudget: Sendable {
    /// Cores in total.
    package let cores: Int
    private let free: Mutex<Int>
    /// One claim at a time: the next claimer waits for the cores the current one leaves.
    private let turn = DispatchSemaphore(value: 1)

    /// A budget of `cores` (at least 1), all free.
    package init(cores: Int) {
        self.cores = max(1, cores)
        free = Mutex(self.cores)
    }

    /// Calls `claim` with the free cores (when any) and reserves what the claimed run needs.
    /// Returns the claimed value and the cores reserved.
    func reserve<T>(_ claim: (Int) throws -> (T, threads: Int)?) rethrows -> (T, reserved: Int)? {
        turn.wait()
        defer { turn.signal() }
        let offered = free.withLock { free in
            defer { free = 0 }
            return free
        }
        var reserved = 0
        // What the claim does not take is free again (with whatever `release` gave back meanwhile).
        defer { free.withLock { $0 += offered - reserved } }
        guard offered > 0, let (value, threads) = try claim(offered) else { return nil }
        reserved = min(threads, cores)
        return (value, reserved)
    }

    /// Gives back cores reserved by `reserve`.
    func release(_ count: Int) {
        free.withLock { $0 += count }
    }
}
