import Foundation
import Synchronization

/// The GPUs a machine's workers share: each trainer gets a disjoint set through
/// `CUDA_VISIBLE_DEVICES`, and a claim takes only runs whose `gpus:` fit in the free ones, so GPUs
/// are never oversubscribed. Claims already take turns (`CoreBudget.reserve`), so taking devices
/// needs only this lock.
package final class GPUSet: Sendable {
    /// Every device this machine's workers may use, as `CUDA_VISIBLE_DEVICES` names them.
    package let devices: [String]
    private let free: Mutex<[String]>

    /// A set of `devices`, all free.
    package init(devices: [String]) {
        self.devices = devices
        free = Mutex(devices)
    }

    /// The GPUs a worker may use: `explicit` (`kiln worker --gpus 0,1`), else `CUDA_VISIBLE_DEVICES`,
    /// else `SLURM_JOB_GPUS` (what Slurm gave the job), else none.
    package static func discover(
        explicit: [String]? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        -> [String]
    {
        if let explicit { return explicit }
        for name in ["CUDA_VISIBLE_DEVICES", "SLURM_JOB_GPUS"] {
            let devices = (environment[name] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            .filter { !$0.isEmpty && $0 != "NoDevFiles" }
            if !devices.isEmpty { return devices }
        }
        return []
    }

    /// How many devices are free now.
    var freeCount: Int { free.withLock { $0.count } }

    /// Takes `count` free devices (the lowest first); nil when fewer are free.
    func take(_ count: Int) -> [String]? {
        free.withLock { free in
            guard count <= free.count else { return nil }
            defer { free.removeFirst(count) }
            return Array(free.prefix(count))
        }
    }

    /// Gives back devices `take` returned.
    func release(_ taken: [String]) {
        guard !taken.isEmpty else { return }
        free.withLock { free in
            free.append(contentsOf: taken)
            free.sort { devices.firstIndex(of: $0) ?? 0 < devices.firstIndex(of: $1) ?? 0 }
        }
    }
}
