import Foundation
import KilnPostgres
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// `kiln slurm submit` against a real single-node Slurm cluster (`TestSlurm`): the job array's
/// workers share the sweep's queue, and a cancelled (preempted) task gives its run back to resume
/// from its checkpoint (issue 13).
@Suite(
    .tags(.postgres, .subprocess, .slow), .serialized,
    .enabled(if: TestSlurm.isAvailable, "needs root and Debian's slurm-wlm and munge (make test installs them)"))
struct SlurmTests {
    static let yaml = """
        trainer:
          command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "{steps}", --every, "5", --sleep, "{sleep}", --marker, "$MARKERS"]
        max_attempts: 3
        """

    /// `kiln …` in the sweep's project, pointed at the test database and the test Slurm.
    static func kiln(_ arguments: [String], _ sweep: SweepFixture) throws -> ChildProcess.Result {
        try ChildProcess.run(
            [ChildProcess.kiln] + arguments, in: sweep.project,
            environment: sweep.environment.merging(try TestSlurm.shared.environment) { $1 })
    }

    /// The output files the job's tasks wrote, for a failure's message.
    /// Submits sweep `name` as a job of `workers` tasks and waits until `runs` of its runs have recorded a
    /// checkpoint; returns the job and each run's checkpoint step.
    static func submitUntilCheckpointed(
        _ sweep: SweepFixture, name: String, workers: Int, runs: Int
    ) throws -> (job: SlurmJobRecord, steps: [String: Int]) {
        let submitted = try kiln(["slurm", "submit", name, "--workers", "\(workers)", "--cpus-per-worker", "1"], sweep)
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let job = try #require(try SlurmJobStore(connection: sweep.connection).jobs(sweepID: try sweep.sweepID).first)
        let checkpointed = try waitUntil("\(runs) runs recorded a checkpoint", seconds: 120) {
            try ResumeTests.checkpointSteps(sweep).count == runs
        }
        try #require(checkpointed, "\(jobOutput(sweep))")
        return (job, try ResumeTests.checkpointSteps(sweep))
    }

    static func jobOutput(_ sweep: SweepFixture) -> String {
        let folder = sweep.project + "/.kiln/slurm"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return files.map { "== \($0)\n" + ((try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) ?? "") }
            .joined(separator: "\n")
    }

    @Test(.freshDatabase) func aJobArrayOfTwoWorkersRunsEveryRunAndIsShownInStatus() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: "name: slurm-array\n" + Self.yaml + "\ngrid:\n  steps: [8, 9, 10, 11]\n  sleep: [0.01]\n")
        let submitted = try Self.kiln(
            ["slurm", "submit", "slurm-array", "--workers", "2", "--cpus-per-worker", "1"], sweep)
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let jobs = try SlurmJobStore(connection: sweep.connection).jobs(sweepID: try sweep.sweepID)
        let job = try #require(jobs.first, "no Slurm job recorded: \(submitted.stdout)\(submitted.stderr)")
        #expect(jobs.count == 1 && job.workers == 2 && submitted.stdout.contains("submitted Slurm job \(job.jobID)"))
        let script = try String(contentsOfFile: job.scriptPath, encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-1") && script.contains("#SBATCH --requeue"))
        #expect(script.contains("#SBATCH --signal=B:TERM@120"))

        let status = try Self.kiln(["status", "slurm-array"], sweep)
        #expect(status.stdout.contains("slurm job \(job.jobID) (2 workers)"), "\(status.stdout)\(status.stderr)")

        let finished = try waitUntil("every run succeeded", seconds: 180) {
            try sweep.runs().values.allSatisfy { $0.status == .succeeded }
        }
        #expect(finished, "\(Self.jobOutput(sweep))")
        var points = 0
        for run in try sweep.runs().values {
            #expect(sweep.markerLines(run.name) == 1)
            points += try MetricStoreCount.points(url: sweep.url, runID: run.id)
        }
        #expect(points == 2 * (8 + 9 + 10 + 11))  // train/loss and lr at every step
        // Both array tasks worked the queue: their workers are different processes.
        let workers = try sweep.connection.query(
            "SELECT count(DISTINCT split_part(a.worker, '/', 2)) FROM attempts a JOIN runs r ON r.id = a.run_id WHERE r.sweep_id = $1",
            [try sweep.sweepID])
        #expect(try workers[0].decode(Int.self, at: 0) == 2, "\(Self.jobOutput(sweep))")
    }

    @Test(.freshDatabase) func aCancelledArrayTaskGivesItsRunBackToResumeFromItsCheckpoint() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: "name: slurm-preempt\n" + Self.yaml + "\ngrid:\n  steps: [30]\n  sleep: [0.1, 0.101]\n")
        // Both tasks train a run; once both have a checkpoint, task 0 is cancelled as a preemption would.
        let (job, steps) = try Self.submitUntilCheckpointed(sweep, name: "slurm-preempt", workers: 2, runs: 2)
        try TestSlurm.shared.run(["scancel", "\(job.jobID)_0"])

        let finished = try waitUntil("every run succeeded", seconds: 180) {
            try sweep.runs().values.allSatisfy { $0.status == .succeeded }
        }
        #expect(finished, "\(Self.jobOutput(sweep))")
        // One attempt was given back without counting; every point is stored once.
        let released = try sweep.connection.query(
            """
            SELECT count(*) FROM attempts a JOIN runs r ON r.id = a.run_id WHERE r.sweep_id = $1 AND a.status = 'released'
            """, [try sweep.sweepID])
        #expect(try released[0].decode(Int.self, at: 0) == 1, "\(Self.jobOutput(sweep))")
        let runs = try sweep.runs()
        let resumed = runs.values.filter { run in
            ((try? String(contentsOfFile: run.logPath ?? "", encoding: .utf8)) ?? "").contains(
                "resuming from the checkpoint")
        }
        #expect(resumed.count == 1)
        for run in runs.values {
            #expect(run.attempt == 1, "run \(run.name) spent \(run.attempt) attempts")
            #expect(sweep.markerLines(run.name) == 1)
            #expect(try MetricStoreCount.points(url: sweep.url, runID: run.id) == 60)  // 30 steps of train/loss and lr
            let log = try String(contentsOfFile: try #require(run.logPath), encoding: .utf8)
            #expect(log.components(separatedBy: "{\"step\": 1,").count - 1 == 1, "\(log)")
            if resumed.contains(where: { $0.id == run.id }) {
                let from = log.components(separatedBy: "[kiln] resuming from the checkpoint of step ").dropFirst()
                    .compactMap { Int($0.prefix { $0.isNumber }) }
                #expect(from.count == 1 && from.allSatisfy { $0 >= steps[run.name] ?? .max }, "\(log)")
            }
        }
    }

    @Test(.freshDatabase) func cancellingTheSweepCancelsItsRunsAndItsSlurmJob() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: "name: slurm-cancel\n" + Self.yaml + "\ngrid:\n  steps: [600]\n  sleep: [0.1, 0.101, 0.102]\n")
        let submitted = try Self.kiln(
            ["slurm", "submit", "slurm-cancel", "--workers", "2", "--cpus-per-worker", "1"], sweep)
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let job = try #require(try SlurmJobStore(connection: sweep.connection).jobs(sweepID: try sweep.sweepID).first)
        let running = try waitUntil("two runs are running", seconds: 120) {
            try sweep.runs().values.filter { $0.status == .running }.count == 2
        }
        try #require(running, "\(Self.jobOutput(sweep))")

        let cancelled = try Self.kiln(["cancel", "slurm-cancel"], sweep)
        #expect(
            cancelled.status == 0 && cancelled.stdout.contains("cancelled Slurm job \(job.jobID)"),
            "\(cancelled.stdout)\(cancelled.stderr)")
        // The workers got SIGTERM from scancel as their runs were flagged: every run ends cancelled, none pending.
        let settled = try waitUntil("every run is cancelled", seconds: 60) {
            try sweep.runs().values.allSatisfy { $0.status == .cancelled }
        }
        let states = try sweep.runs().values.map { "\($0.name) \($0.status.rawValue)" }
        #expect(settled, "\(states) \(Self.jobOutput(sweep))")
        let gone = try waitUntil("the job has left the queue", seconds: 60) {
            let queued = try ChildProcess.run(
                ["squeue", "-h", "-j", job.jobID, "-t", "PENDING,RUNNING,COMPLETING"],
                environment: try TestSlurm.shared.environment)
            return queued.status != 0 || queued.stdout.isEmpty
        }
        #expect(gone)
        #expect(
            try SlurmJobStore(connection: sweep.connection).jobs(sweepID: try sweep.sweepID).first?.cancelled == true)
    }

    @Test(.freshDatabase) func oneGPURunsOnOneGPUWorkersSeeDistinctDevices() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: "name: slurm-gpus\n" + Self.yaml + "\ngrid:\n  steps: [20]\n  sleep: [0.1, 0.101]\n  gpus: [1]\n")
        let submitted = try Self.kiln(
            ["slurm", "submit", "slurm-gpus", "--workers", "2", "--cpus-per-worker", "1", "--gpus-per-worker", "1"],
            sweep)
        #expect(submitted.status == 0, "\(submitted.stdout)\(submitted.stderr)")
        let finished = try waitUntil("every run succeeded", seconds: 180) {
            try sweep.runs().values.allSatisfy { $0.status == .succeeded }
        }
        #expect(finished, "\(Self.jobOutput(sweep))")
        // Each array task got one GPU from Slurm and gave it to its trainer: recorded per attempt.
        let devices = try sweep.connection.query(
            """
            SELECT a.environment->>'CUDA_VISIBLE_DEVICES' FROM attempts a JOIN runs r ON r.id = a.run_id
            WHERE r.sweep_id = $1 AND a.status = 'succeeded'
            """, [try sweep.sweepID]
        ).map { try $0.decode(String.self, at: 0) }
        #expect(Set(devices) == ["0", "1"], "\(devices) \(Self.jobOutput(sweep))")
    }

    @Test(.freshDatabase) func aRequeuedTaskResumesItsRunFromTheCheckpoint() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: "name: slurm-requeue\n" + Self.yaml + "\ngrid:\n  steps: [30]\n  sleep: [0.1]\n")
        let (job, steps) = try Self.submitUntilCheckpointed(sweep, name: "slurm-requeue", workers: 1, runs: 1)

        // As a preemption would: SIGTERM, then the task waits in the queue; released at once here.
        let slurm = try TestSlurm.shared
        try slurm.run(["scontrol", "requeue", "\(job.jobID)_0"])
        try waitUntil("the task is pending again", seconds: 60) {
            try slurm.run(["squeue", "-h", "-j", job.jobID, "-o", "%T"]).stdout.contains("PENDING")
        }
        try slurm.run(["scontrol", "update", "JobId=\(job.jobID)_0", "StartTime=now"])

        let finished = try waitUntil("the run succeeded", seconds: 180) {
            try sweep.runs().values.allSatisfy { $0.status == .succeeded }
        }
        #expect(finished, "\(Self.jobOutput(sweep))")
        let run = try #require(try sweep.runs().values.first)
        #expect(run.attempt == 1, "the requeue spent an attempt")
        #expect(sweep.markerLines(run.name) == 1)
        #expect(try MetricStoreCount.points(url: sweep.url, runID: run.id) == 60)
        let log = try String(contentsOfFile: try #require(run.logPath), encoding: .utf8)
        let from = log.components(separatedBy: "[kiln] resuming from the checkpoint of step ").dropFirst()
            .compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(from.count == 1 && from.allSatisfy { $0 >= steps[run.name] ?? .max }, "\(log)")
    }
}
