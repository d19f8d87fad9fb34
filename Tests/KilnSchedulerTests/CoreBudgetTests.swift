import Foundation
import Synchronization
import Testing
@testable import KilnScheduler

/// The core budget: a claim's query runs outside its lock, and no core is offered twice.
@Suite struct CoreBudgetTests {
    /// Gives back cores while another worker's claim is waiting on the database (here: on `proceed`).
    /// With the budget's lock held across the claim, `release` waited for the query; now it returns at once.
    @Test func releasingCoresDoesNotWaitForAClaimInProgress() {
        let budget = CoreBudget(cores: 4)
        let inClaim = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let offered = Mutex<[Int]>([])
        let claimed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = budget.reserve { free -> (String, threads: Int)? in
                offered.withLock { $0.append(free) }
                inClaim.signal()
                _ = proceed.wait(timeout: .now() + 60)
                return ("run 1", threads: 3)
            }
            claimed.signal()
        }
        #expect(inClaim.wait(timeout: .now() + 30) == .success)
        let released = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            budget.release(2)
            released.signal()
        }
        let releasedDuringClaim = released.wait(timeout: .now() + 10) == .success
        proceed.signal()
        #expect(releasedDuringClaim, "release() waited for a claim's database round trip")
        #expect(claimed.wait(timeout: .now() + 30) == .success)
        if !releasedDuringClaim { _ = released.wait(timeout: .now() + 30) }
        // 4 offered, 3 reserved, 2 given back meanwhile: 3 free for the next claim.
        let next = budget.reserve { free -> (Int, threads: Int)? in
            offered.withLock { $0.append(free) }
            return nil
        }
        #expect(next == nil)
        #expect(offered.withLock { $0 } == [4, 3])
    }

    /// A second claim made while the first is in progress waits for it and is offered only what is left.
    @Test func aClaimDuringAnotherIsOfferedOnlyWhatTheFirstLeft() {
        let budget = CoreBudget(cores: 4)
        let inClaim = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        let offered = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = budget.reserve { free -> (Int, threads: Int)? in
                offered.withLock { $0.append(free) }
                inClaim.signal()
                _ = proceed.wait(timeout: .now() + 60)
                return (1, threads: 3)
            }
            done.signal()
        }
        #expect(inClaim.wait(timeout: .now() + 30) == .success)
        Thread.detachNewThread {
            _ = budget.reserve { free -> (Int, threads: Int)? in
                offered.withLock { $0.append(free) }
                return (2, threads: free)
            }
            done.signal()
        }
        proceed.signal()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(offered.withLock { $0 } == [4, 1])
    }
}
