import Dispatch
import Foundation

/// Runs `body` for every index in `0..<count` on all cores and returns the results in index order.
/// Each call is independent, so the results are the same as a serial loop's.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
    let slots = ResultSlots<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var index = worker
        while index < count {
            slots.store(body(index), at: index)
            index += workers
        }
    }
    return slots.values()
}

/// Write-once storage for `parallelMap`.
// @unchecked Sendable: each index is written by exactly one worker, and read only after
// concurrentPerform has returned (which orders the writes before the reads).
private final class ResultSlots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    func values() -> [T] { (0..<count).map { buffer[$0]! } }
}
