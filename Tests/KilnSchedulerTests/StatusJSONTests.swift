import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// `kiln status --json` holds what the text shows beside the runs: each sweep's Slurm jobs and the
/// runs waiting for GPUs no live worker has.
@Suite(.tags(.postgres, .subprocess))
struct StatusJSONTests {
    @Test(.freshDatabase) func statusJSONHasTheSlurmJobsAndTheGPUWaits() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: status-json
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh"]
                grid:
                  gpus: [2]
                """)
        try SlurmJobStore(connection: sweep.connection).record(
            SlurmJobRecord(
                sweepID: try sweep.sweepID, jobID: "4711", workers: 3,
                scriptPath: sweep.project + "/.kiln/slurm/status-json.sbatch",
                submitHost: "login1"))
        let status = try ChildProcess.run(
            [ChildProcess.kiln, "status", "status-json", "--json"], in: sweep.project, environment: sweep.environment)
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        let sweeps = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        let entry = try #require(sweeps.first, "\(status.stdout)")
        #expect(entry["name"] as? String == "status-json")
        let jobs = try #require(entry["slurm_jobs"] as? [[String: Any]], "\(status.stdout)")
        #expect(jobs.count == 1 && jobs.first?["job_id"] as? String == "4711" && jobs.first?["workers"] as? Int == 3)
        // Without a Slurm here the states are unknown, and the reason is given; with one, tasks are listed.
        #expect(jobs.first?["tasks"] != nil || jobs.first?["state_unknown"] is String, "\(status.stdout)")
        let waiting = try #require(entry["gpu_waiting"] as? [[String: Any]], "\(status.stdout)")
        let run = try #require(try sweep.runs().values.first)
        #expect(waiting.count == 1 && waiting.first?["run"] as? String == run.name)
        #expect(waiting.first?["needed"] as? Int == 2 && waiting.first?["available"] as? Int == 0)
    }
}
