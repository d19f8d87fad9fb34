import Dispatch

/// Runs `body` over `0..<count` split into `workers` contiguous chunks on that many threads, or in
/// one call when `workers` is 1 or the work is small. Chunks must write disjoint memory.
@inline(__always)
func parallelChunks(count: Int, workers: Int, minimum: Int = 64, _ body: (Range<Int>) -> Void) {
    guard workers > 1, count >= minimum * workers else {
        body(0..<count)
        return
    }
    withoutActuallyEscaping(body) { body in
        let work = ChunkWork(body: body)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            work.body((count * worker / workers)..<(count * (worker + 1) / workers))
        }
    }
}

/// Carries the chunk closure to Dispatch's threads. Unchecked because `parallelChunks`' callers give
/// each chunk disjoint rows of their outputs: no two threads write the same memory.
private struct ChunkWork: @unchecked Sendable {
    let body: (Range<Int>) -> Void
}
