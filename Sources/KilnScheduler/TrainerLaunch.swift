import Foundation
import KilnLearningRate
import KilnProtocol
import KilnStore

/// Everything needed to start one attempt of a run: argv, environment and files.
struct TrainerLaunch {
    var argv: [String]
    var environment: [String: String]
    var runDirectory: String
    var logPath: String
    /// The step of the run's own checkpoint this attempt resumes from.
    var resumeStep: Int?

    /// Prepares `run`'s directory (`.kiln/runs/<id>/`: `run.json`, `config.json` (`KILN_CONFIG`),
    /// `lr.txt` (`KILN_LR_FILE`, when the run has a schedule), `checkpoints/`) and its command, and
    /// records the attempt's provenance (fenced by the run's worker and attempt). Any attempt of a run with a recorded checkpoint resumes from the latest
    /// one, whether the attempt before it failed, was interrupted (Ctrl-C, SIGTERM: not counted) or
    /// was retried by hand; a child run without one starts from its parent's checkpoint at the branch
    /// step. Throws `SchedulerError.io` when the run's folder cannot be written: the worker's fault,
    /// not the run's. `devices`: the GPUs reserved for the attempt, given as `CUDA_VISIBLE_DEVICES`
    /// (empty: no GPU) when the worker has GPUs.
    init(run: RunRecord, settings: SchedulerSettings, checkpoints: CheckpointStore, devices: [String]? = nil) throws {
        guard let trainerJSON = run.trainer else {
            throw SchedulerError.invalidTrainer(run: run.name, reason: "no trainer registered")
        }
        let trainer: Trainer
        do {
            trainer = try JSONDecoder().decode(Trainer.self, from: Data(trainerJSON.utf8))
        } catch {
            throw SchedulerError.invalidTrainer(run: run.name, reason: "\(error)")
        }
        runDirectory = settings.runDirectory(id: run.id)
        logPath = runDirectory + "/log.txt"
        let checkpointDirectory = runDirectory + "/checkpoints"
        try PrivateFolder.create(checkpointDirectory)
        let resume = try checkpoints.checkpoint(runID: run.id)
        resumeStep = resume?.step
        var initFrom: String?
        if let parent = run.parentRunID {
            initFrom = try checkpoints.checkpoint(runID: parent, step: run.parentStep)?.path
        }
        // A run never starts from scratch because this host cannot see the checkpoint another one wrote.
        for path in [resume?.path, initFrom].compactMap({ $0 })
        where !FileManager.default.isReadableFile(atPath: Self.absolute(path, in: settings.projectDirectory)) {
            throw SchedulerError.unreadableCheckpoint(run: run.name, path: path, host: ProcessInfo.processInfo.hostName)
        }

        environment = [
            "OPENBLAS_NUM_THREADS": String(run.threads), "OMP_NUM_THREADS": String(run.threads),
            "KILN_RUN_ID": String(run.id), "KILN_RUN_NAME": run.name, "KILN_RUN_DIR": runDirectory,
            "KILN_CHECKPOINT_DIR": checkpointDirectory, "KILN_ATTEMPT": String(run.attempt),
        ]
        if let resume { environment["KILN_RESUME_FROM"] = resume.path }
        if let initFrom { environment["KILN_INIT_FROM"] = initFrom }
        if let devices { environment["CUDA_VISIBLE_DEVICES"] = devices.joined(separator: ",") }

        let configPath = runDirectory + "/config.json", ratesPath = runDirectory + "/lr.txt"
        // A run resuming its own checkpoint no longer starts from its parent's (kiln-train refuses both).
        let growth = try Self.growth(of: run)
        let initFromConfig =
            resume != nil
            ? nil
            : initFrom.map {
                InitFrom(
                    path: $0, optimizer: run.parentOptimizer || run.parentKeepStep, keepStep: run.parentKeepStep,
                    grow: growth)
            }
        let rates: (schedule: ScheduleSpec, steps: Int)?
        switch trainer {
        case .command(let command):
            argv = command
            let dataDir = Self.absolute(TrainingConfig.defaultDataDirectory, in: settings.projectDirectory)
            let runtime = TrainerEnvironment.Runtime(
                outputDir: checkpointDirectory, dataDir: dataDir, threads: run.threads, resumeFrom: resume?.path,
                initFrom: initFromConfig)
            rates = try TrainerEnvironment.writeCommandConfiguration(
                run: run.name, params: run.params, runtime: runtime, to: configPath)
        case .builtin(var config):
            if run.parentRunID != nil && initFrom == nil {
                throw SchedulerError.missingParentCheckpoint(
                    run: run.name, parent: run.parentRunID!, step: run.parentStep)
            }
            config.outputDir = checkpointDirectory
            config.dataDir = Self.absolute(config.dataDir, in: settings.projectDirectory)
            config.threads = run.threads
            config.resumeFrom = resume?.path
            config.initFrom = initFromConfig
            try Self.write(config, to: configPath)
            argv = [settings.trainerPath, configPath]
            rates = (config.schedule, config.steps)
        }
        environment["KILN_CONFIG"] = configPath
        if let rates, try TrainerEnvironment.writeLearningRates(rates.schedule, steps: rates.steps, to: ratesPath) {
            environment["KILN_LR_FILE"] = ratesPath
        }
        let provenance = AttemptProvenance.capture(
            argv: argv, environment: environment, specPath: run.specPath,
            directory: settings.projectDirectory)
        try Self.write(
            Resolved(
                id: run.id, name: run.name, attempt: run.attempt, argv: argv,
                params: run.params, resumeFrom: resume?.path, initFrom: initFrom,
                kilnVersion: KilnVersion.current, provenance: provenance),
            to: runDirectory + "/run.json")
        if let worker = run.worker {
            try RunStore(connection: checkpoints.connection).recordProvenance(
                runID: run.id, worker: worker, attempt: run.attempt, provenance)
        }
    }

    /// What `run.json` records about an attempt.
    private struct Resolved: Encodable {
        var id: Int64
        var name: String
        var attempt: Int
        var argv: [String]
        var params: String
        var resumeFrom: String?
        var initFrom: String?
        var kilnVersion: String
        var provenance: AttemptProvenance

        enum CodingKeys: String, CodingKey {
            case id, name, attempt, argv, params, resumeFrom = "resume_from", initFrom = "init_from"
            case kilnVersion = "kiln_version", provenance
        }
    }

    private static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    private static func write(_ value: some Encodable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(value).write(to: URL(fileURLWithPath: path))
        } catch {
            throw SchedulerError.io(path: path, reason: "cannot write: \(PrivateFolder.reason(error))")
        }
    }
}
