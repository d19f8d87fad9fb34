import Foundation
import KilnProcess

/// A real single-node Slurm cluster for one test process, like `TestCluster` for PostgreSQL: started
/// on first use in `/tmp/kiln-slurm-<pid>` (slurmctld and slurmd as root, munge, two fake GPUs through
/// GRES, free TCP ports), stopped and removed when the process exits; clusters left behind by crashed
/// test processes are stopped and removed on the next start. Needs root and Debian's `slurm-wlm` and
/// `munge` (`make test` installs them): `TestSlurm.isAvailable` says whether it can run here.
package final class TestSlurm: Sendable {
    /// The cluster of this process.
    package static var shared: TestSlurm {
        get throws { try sharedCluster.get() }
    }

    private static let sharedCluster = Result { try TestSlurm() }

    /// Whether this process can start a Slurm cluster: root, with `slurmctld`, `slurmd` and `munged` installed.
    package static var isAvailable: Bool {
        geteuid() == 0
            && ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: $0)
            }
    }

    /// The scratch folder: configuration, state, logs, fake devices.
    package let directory: String
    /// The `slurm.conf` every Slurm command must read (`SLURM_CONF`).
    package var configPath: String { directory + "/slurm.conf" }
    /// The environment that points Slurm's commands at this cluster.
    package var environment: [String: String] { ["SLURM_CONF": configPath] }
    /// The one partition.
    package let partition = "debug"
    /// Whether this process started munged (and so stops it).
    private let startedMunge: Bool

    /// Fake GPUs on the node.
    package static let gpus = 2

    private init() throws {
        Self.removeAbandonedClusters()
        directory = "/tmp/kiln-slurm-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        for folder in ["state", "spool", "dev"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        chmod(directory, 0o700)
        // GRES needs character devices: plain files are refused. 195 is NVIDIA's major number.
        for index in 0..<Self.gpus {
            try Self.requireSuccess(["mknod", "-m", "600", directory + "/dev/nvidia\(index)", "c", "195", "\(index)"])
        }
        startedMunge = try Self.startMunge()
        try writeConfiguration()
        atexit { TestSlurm.stopAtExit() }
        try run(["/usr/sbin/slurmctld", "-i"])
        try run(["/usr/sbin/slurmd"])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let state = try? ChildProcess.run(["sinfo", "-h", "-o", "%T"], environment: environment)
            if state?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "idle" { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let log = (try? String(contentsOfFile: directory + "/slurmctld.log", encoding: .utf8)) ?? ""
        throw TestSlurmError(
            "the test Slurm node did not become idle within 30 s; slurmctld.log ends:\n"
                + log.split(separator: "\n").suffix(20).joined(separator: "\n"))
    }

    /// Runs a Slurm command (`sbatch`, `squeue`, `scancel`, `scontrol` …) against this cluster.
    @discardableResult
    package func run(_ argv: [String]) throws -> ChildProcess.Result {
        let result = try ChildProcess.run(argv, environment: environment)
        guard result.status == 0 else {
            throw TestSlurmError(
                "\(argv.joined(separator: " ")) exited \(result.status): \(result.stdout)\(result.stderr)")
        }
        return result
    }

    private func writeConfiguration() throws {
        let host = try Self.output(["hostname", "-s"])
        // 90 % of the memory slurmd sees, so the node is never refused for having less than configured.
        let probe = try Self.output(["/usr/sbin/slurmd", "-C"])
        let memory =
            probe.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("RealMemory=") }
            .flatMap { Int($0.dropFirst("RealMemory=".count)) } ?? 1000
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let (controllerPort, daemonPort) = (try FreePort.next(), try FreePort.next())
        let lines = [
            "ClusterName=kilntest", "SlurmctldHost=\(host)", "SlurmctldPort=\(controllerPort)",
            "SlurmdPort=\(daemonPort)",
            "SlurmUser=root", "SlurmdUser=root", "AuthType=auth/munge", "CredType=cred/munge", "MpiDefault=none",
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none", "JobCompType=jobcomp/none", "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core", "SchedulerType=sched/backfill", "ReturnToService=2", "MailProg=/bin/true",
            "KillWait=10", "MinJobAge=3600",
            "StateSaveLocation=\(directory)/state", "SlurmdSpoolDir=\(directory)/spool",
            "SlurmctldPidFile=\(directory)/slurmctld.pid", "SlurmdPidFile=\(directory)/slurmd.pid",
            "SlurmctldLogFile=\(directory)/slurmctld.log", "SlurmdLogFile=\(directory)/slurmd.log", "GresTypes=gpu",
            "NodeName=\(host) CPUs=\(cpus) Boards=1 SocketsPerBoard=1 CoresPerSocket=\(cpus) ThreadsPerCore=1 "
                + "RealMemory=\(memory * 9 / 10) Gres=gpu:\(Self.gpus) State=UNKNOWN",
            "PartitionName=\(partition) Nodes=\(host) Default=YES MaxTime=INFINITE State=UP",
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: configPath, atomically: true, encoding: .utf8)
        try """
        AutoDetect=off
        NodeName=\(host) Name=gpu File=\(directory)/dev/nvidia[0-\(Self.gpus - 1)]

        """.write(toFile: directory + "/gres.conf", atomically: true, encoding: .utf8)
    }

    /// Starts munged unless one answers already; returns whether it started it.
    private static func startMunge() throws -> Bool {
        if (try? ChildProcess.run(["/usr/bin/munge", "-n"]))?.status == 0 { return false }
        try FileManager.default.createDirectory(atPath: "/run/munge", withIntermediateDirectories: true)
        try requireSuccess(["chown", "munge:munge", "/run/munge"])
        if !FileManager.default.fileExists(atPath: "/etc/munge/munge.key") {
            try requireSuccess(["/usr/sbin/mungekey", "--create", "--keyfile=/etc/munge/munge.key"])
            try requireSuccess(["chown", "munge:munge", "/etc/munge/munge.key"])
            chmod("/etc/munge/munge.key", 0o400)
        }
        try requireSuccess([
            "/usr/sbin/runuser", "-u", "munge", "--", "/usr/sbin/munged", "--pid-file=/run/munge/munged.pid",
        ])
        return true
    }

    private static func stopAtExit() {
        guard let slurm = try? sharedCluster.get() else { return }
        stop(directory: slurm.directory)
        if slurm.startedMunge { terminate(pidFile: "/run/munge/munged.pid") }
        try? FileManager.default.removeItem(atPath: slurm.directory)
    }

    /// Stops slurmd, then slurmctld, of the cluster in `directory`, by the PIDs in its PID files.
    private static func stop(directory: String) {
        terminate(pidFile: directory + "/slurmd.pid")
        terminate(pidFile: directory + "/slurmctld.pid")
    }

    /// Sends SIGTERM to the process named in a PID file and waits (at most 10 s) for it to go.
    private static func terminate(pidFile file: String) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1,
            kill(pid, SIGTERM) == 0
        else { return }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && kill(pid, 0) == 0 {
            _ = ProcessTermination(ifExited: pid)  // our own child when it did not daemonize
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Stops and removes `/tmp/kiln-slurm-<pid>` clusters whose test process is gone.
    private static func removeAbandonedClusters() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("kiln-slurm-") {
            guard let pid = Int32(entry.dropFirst("kiln-slurm-".count)), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            stop(directory: "/tmp/" + entry)
            try? FileManager.default.removeItem(atPath: "/tmp/" + entry)
        }
    }

    private static func output(_ argv: [String]) throws -> String {
        try requireSuccess(argv).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    private static func requireSuccess(_ argv: [String]) throws -> ChildProcess.Result {
        let result = try ChildProcess.run(argv)
        guard result.status == 0 else {
            throw TestSlurmError(
                "\(argv.joined(separator: " ")) exited \(result.status): \(result.stdout)\(result.stderr)")
        }
        return result
    }
}

/// Why the test Slurm cluster could not start or a Slurm command failed.
package struct TestSlurmError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}
