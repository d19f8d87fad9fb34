import Foundation

/// The `kiln` executable that is running, for the processes Kiln starts of itself (Slurm job
/// arrays, the scheduler benchmark's workers).
enum KilnExecutable {
    /// Its absolute path, symbolic links resolved.
    static var path: String {
        URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
