/// Failures of the scheduler, worded for the user.
package enum SchedulerError: Error, CustomStringConvertible {
    case cannotStart(argv: [String], reason: String)
    case noSuchSweep(String)
    case invalidTrainer(run: String, reason: String)
    case missingParentCheckpoint(run: String, parent: Int64, step: Int?)
    case io(path: String, reason: String)
    /// The checkpoint a run must resume or branch from is not readable on this host (on another
    /// node's disk, or on a shared filesystem not mounted here).
    case unreadableCheckpoint(run: String, path: String, host: String)

    /// A fault of the worker's machine (its run folders cannot be written), not of the run: the
    /// worker gives the run back untouched and stops claiming.
    package var isWorkerFault: Bool {
        switch self {
        case .io, .unreadableCheckpoint: return true
        default: return false
        }
    }

    /// The message, worded for the user.
    package var description: String {
        switch self {
        case .cannotStart(let argv, let reason):
            return "cannot start \(argv.joined(separator: " ")): \(reason)"
        case .noSuchSweep(let name):
            return "no sweep named '\(name)'; register one with: kiln run FILE --detach"
        case .invalidTrainer(let run, let reason):
            return "run \(run): cannot read its trainer: \(reason)"
        case .missingParentCheckpoint(let run, let parent, let step):
            return "run \(run): parent run \(parent) has no checkpoint" + (step.map { " at step \($0)" } ?? "")
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .unreadableCheckpoint(let run, let path, let host):
            return
                "run \(run): cannot read its checkpoint \(path) on host \(host); put run folders on a filesystem every "
                + "node mounts (--run-root, KILN_RUN_ROOT; docs/cluster.md)"
        }
    }
}
