// kiln-train CONFIG.json: trains one run and speaks the trainer protocol (docs/trainer-protocol.md)
// on stdout; human logs go to stderr.
import Foundation
import KilnProtocol
import KilnTraining
import Synchronization

/// Set by SIGTERM; the loop checks it once per step.
let stopRequested = Atomic<Bool>(false)

func emit(_ message: TrainerMessage) {
    FileHandle.standardOutput.write(Data((message.line + "\n").utf8))
}

func log(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func fail(_ error: TrainingError) -> Never {
    log("kiln-train: \(error)")
    if case .diverged = error {} else { emit(.error(message: error.description)) }
    exit(error.exitCode)
}

let arguments = CommandLine.arguments
if (5...7).contains(arguments.count), arguments[1] == "--gradients" {
    // Developer tool for scripts/torch_compare.py: one batch's loss and gradients.
    let norm = arguments.count > 5 ? NormPlacement(rawValue: arguments[5]) : .pre
    let mixFraction = arguments.count > 6 ? Double(arguments[6]) : 0.25
    guard let norm, let mixFraction else {
        fail(.badConfiguration("NORM is one of pre, post, mix, peri and MIX_FRACTION a number"))
    }
    do {
        let loss = try GradientDump.run(
            checkpoint: arguments[2], batch: arguments[3], output: arguments[4], norm: norm, mixFraction: mixFraction)
        print("{\"loss\":\(loss)}")
        exit(0)
    } catch let error as TrainingError {
        fail(error)
    } catch {
        fail(.unreadable(path: arguments[2], reason: "\(error)"))
    }
}
guard arguments.count == 2, !arguments[1].hasPrefix("-") else {
    log(
        """
        usage: kiln-train CONFIG.json
               kiln-train --gradients CHECKPOINT BATCH OUTPUT [NORM [MIX_FRACTION]]

        Trains one run described by a TrainingConfig JSON file (docs/trainer-protocol.md). The second form
        writes one batch's gradients in checkpoint format, for scripts/torch_compare.py (docs/training-core.md).
        """)
    exit(arguments.count == 2 && arguments[1] == "--help" ? 0 : TrainerExitCode.badConfiguration)
}
let config: TrainingConfig
do {
    let data = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
    config = try JSONDecoder().decode(TrainingConfig.self, from: data)
} catch let error as DecodingError {
    fail(.badConfiguration("\(arguments[1]): \(TrainingError.describe(error))"))
} catch {
    fail(.unreadable(path: arguments[1], reason: "cannot read the configuration"))
}

signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
// A parent started from a thread that blocks SIGTERM passes the mask on through exec: unblock it.
var termination = sigset_t()
sigemptyset(&termination)
sigaddset(&termination, SIGTERM)
pthread_sigmask(SIG_UNBLOCK, &termination, nil)
setBLASThreads(config.threads)
do {
    let trainer = try TrainingLoop(config: config, emit: emit, log: log)
    switch try trainer.run(shouldStop: { stopRequested.load(ordering: .relaxed) }) {
    case .finished(let step):
        emit(.done(step: step))
        exit(TrainerExitCode.success)
    case .stopped(let step):
        log("kiln-train: stopped by SIGTERM at step \(step) (checkpoint written)")
        exit(128 + SIGTERM)
    }
} catch let error as TrainingError {
    fail(error)
} catch {
    fail(.badConfiguration("\(error)"))
}
