import KilnProtocol

/// Everything that stops the training core, with a message that names the place and the fix.
package enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The configuration cannot be run.
    case badConfiguration(String)
    /// A prepared corpus is missing from the data folder.
    case missingCorpus(name: String, dataDir: String)
    /// A file could not be read or written.
    case unreadable(path: String, reason: String)
    /// A nanoGPT token file holds a token this byte model cannot represent.
    case tokenOutOfRange(path: String, index: Int, token: Int)
    /// A source is shorter than one training window.
    case sourceTooShort(source: String, bytes: Int, needed: Int)
    /// A checkpoint file is malformed or does not fit the configuration.
    case badCheckpoint(path: String, reason: String)
    /// The loss or the gradient norm became non-finite.
    case diverged(step: Int, loss: Double, gradNorm: Double)

    package var description: String {
        switch self {
        case .badConfiguration(let problem):
            "error: bad configuration: \(problem)"
        case .missingCorpus(let name, let dataDir):
            "error: corpus '\(name)' is not prepared in \(dataDir); run 'kiln data prepare --data-dir \(dataDir)'"
        case .unreadable(let path, let reason):
            "\(path): error: \(reason)"
        case .tokenOutOfRange(let path, let index, let token):
            "\(path): error: token \(token) at position \(index) is out of range for a byte model (vocabulary 256); "
                + "re-tokenise the data as bytes or pass the raw text file"
        case .sourceTooShort(let source, let bytes, let needed):
            "\(source): error: \(bytes) bytes is shorter than one window of \(needed) bytes (context + 1)"
        case .badCheckpoint(let path, let reason):
            "\(path): error: bad checkpoint: \(reason)"
        case .diverged(let step, let loss, let gradNorm):
            "error: training diverged at step \(step): loss \(loss), gradient norm \(gradNorm); "
                + "lower the learning rate or enable gradient clipping"
        }
    }

    /// The `kiln-train` exit code for this error.
    package var exitCode: Int32 {
        if case .diverged = self { return TrainerExitCode.diverged }
        return TrainerExitCode.badConfiguration
    }
}
