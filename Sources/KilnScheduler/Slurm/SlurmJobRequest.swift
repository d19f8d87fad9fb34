import Foundation
import KilnSpec

/// What `kiln slurm submit` asks Slurm for: a job array of `kiln worker --sweep SWEEP`, one worker
/// per array task, and the sbatch script that says so.
package struct SlurmJobRequest: Sendable {
    /// The sweep the workers work.
    package var sweep: String
    /// Array size: how many workers (`--array=0-(N-1)`).
    package var workers = 1
    package var partition: String?
    /// Time limit in any form sbatch takes (`--time`, e.g. `2:00:00`).
    package var time: String?
    package var cpusPerWorker: Int?
    /// GPUs per worker, asked as `--gres=gpu:N` (0: none).
    package var gpusPerWorker = 0
    package var account: String?
    package var qos: String?
    /// Memory per worker in any form sbatch takes (`--mem`, e.g. `16G`).
    package var memory: String?
    /// More `#SBATCH` lines, each one argument as sbatch takes it (`--constraint=a100`).
    package var sbatchArguments: [String] = []
    /// `--signal`: SIGTERM to the worker (`B:`, the batch shell, which is the worker) two minutes
    /// before the time limit, so it checkpoints its trainers and gives their runs back.
    package var signal = "B:TERM@120"
    /// `--requeue`: Slurm may requeue the job after a preemption or node failure.
    package var requeue = true
    /// The `kiln` executable the job runs (a path every node can reach).
    package var kiln: String
    /// The project folder the workers run in (`--chdir`).
    package var projectDirectory: String
    /// Environment the workers get (`KILN_DATABASE_URL`, `KILN_RUN_ROOT`, …), written into the script.
    package var environment: [String: String] = [:]

    package init(sweep: String, kiln: String, projectDirectory: String) {
        self.sweep = sweep
        self.kiln = kiln
        self.projectDirectory = projectDirectory
    }

    /// `<project>/.kiln/slurm`, where scripts and job output go.
    package var folder: String { projectDirectory + "/.kiln/slurm" }

    /// Checks the values sbatch would refuse late or read wrongly; returns the problems, worded for the user.
    package var problems: [String] {
        var problems: [String] = []
        if workers < 1 { problems.append("--workers must be at least 1") }
        if let cpusPerWorker, cpusPerWorker < 1 { problems.append("--cpus-per-worker must be at least 1") }
        if gpusPerWorker < 0 { problems.append("--gpus-per-worker cannot be negative") }
        let values = [partition, time, account, qos, memory, signal].compactMap { $0 } + sbatchArguments
        for value in values where value.contains(where: \.isNewline) {
            problems.append("'\(value)' holds a line break, which would end its #SBATCH line")
        }
        for argument in sbatchArguments where !argument.hasPrefix("-") {
            problems.append("--sbatch-arg '\(argument)' is not an sbatch option (it should start with -)")
        }
        return problems
    }

    /// The sbatch script. `#SBATCH` lines hold the options; the body exports the environment
    /// (shell-quoted) and `exec`s the worker, so Slurm's signals reach it directly.
    package func script() -> String {
        var options = [
            "--job-name=kiln-\(sweep)",
            "--array=0-\(workers - 1)",
            "--chdir=\(projectDirectory)",
            "--output=\(folder)/\(sweep)-%A_%a.out",
            "--ntasks=1",
            "--signal=\(signal)",
            requeue ? "--requeue" : "--no-requeue",
        ]
        if let partition { options.append("--partition=\(partition)") }
        if let time { options.append("--time=\(time)") }
        if let cpusPerWorker { options.append("--cpus-per-task=\(cpusPerWorker)") }
        if gpusPerWorker > 0 { options.append("--gres=gpu:\(gpusPerWorker)") }
        if let account { options.append("--account=\(account)") }
        if let qos { options.append("--qos=\(qos)") }
        if let memory { options.append("--mem=\(memory)") }
        options += sbatchArguments
        var lines = [
            "#!/bin/bash",
            "# Written by 'kiln slurm submit \(sweep)': \(workers) Kiln worker\(workers == 1 ? "" : "s") sharing the sweep's queue.",
        ]
        lines += options.map { "#SBATCH " + $0 }
        lines.append("")
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            lines.append("export \(name)=\(Placeholders.shellQuoted(value))")
        }
        let argv = [kiln, "worker", "--sweep", sweep]
        lines.append("exec " + argv.map(Placeholders.shellQuoted).joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }
}
