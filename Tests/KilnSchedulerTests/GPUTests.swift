import Foundation
import KilnPostgres
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// GPUs as a resource: a worker gives each trainer its own devices through `CUDA_VISIBLE_DEVICES`,
/// never more than it has, and takes no run asking for more GPUs than are free.
@Suite(.tags(.postgres, .subprocess, .slow))
struct GPUTests {
    @Test func devicesComeFromTheFlagThenCUDAThenSlurm() {
        #expect(GPUSet.discover(explicit: ["2"], environment: ["CUDA_VISIBLE_DEVICES": "0,1"]) == ["2"])
        #expect(GPUSet.discover(environment: ["CUDA_VISIBLE_DEVICES": "0, 1", "SLURM_JOB_GPUS": "5"]) == ["0", "1"])
        #expect(GPUSet.discover(environment: ["SLURM_JOB_GPUS": "3,4"]) == ["3", "4"])
        #expect(GPUSet.discover(environment: ["CUDA_VISIBLE_DEVICES": "NoDevFiles"]).isEmpty)
        #expect(GPUSet.discover(environment: [:]).isEmpty)
    }

    @Test(.freshDatabase) func trainersGetDisjointDevicesAndNeverMoreThanTheWorkerHas() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: gpus
                trainer:
                  command: [/bin/sh, "$FIXTURES/gpu.sh", "$MARKERS", "{hold}"]
                grid:
                  hold: [0.3, 0.31, 0.32]
                  gpus: [0, 1, 2]
                """)
        var settings = sweep.settings()
        settings.gpus = ["a", "b"]
        settings.cores = 4
        WorkerPool(settings: settings, count: 3, sweepID: try sweep.sweepID).run()
        // What each trainer saw, and when it ran (recorded by the trainer itself).
        var held: [(gpus: Int, devices: Set<String>, start: Double, end: Double)] = []
        for run in try sweep.runs().values {
            #expect(run.status == .succeeded)
            let line = try String(contentsOfFile: sweep.markers + "/" + run.name, encoding: .utf8)
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            let devices = fields.count > 2 ? fields[2].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            held.append(
                (
                    run.gpus, Set(devices.split(separator: ",").map(String.init)),
                    Double(fields[0]) ?? 0, Double(fields[1]) ?? 0
                ))
        }
        #expect(held.count == 9)
        for trainer in held {
            #expect(trainer.devices.count == trainer.gpus && trainer.devices.isSubset(of: ["a", "b"]), "\(trainer)")
        }
        // Trainers that ran at the same time held different devices.
        for (index, one) in held.enumerated() {
            for other in held[(index + 1)...] where one.start < other.end && other.start < one.end {
                #expect(one.devices.isDisjoint(with: other.devices), "\(one) and \(other) overlapped")
            }
        }
    }

    @Test(.freshDatabase) func aWorkerWithoutGPUsTakesNoGPURun() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: no-gpus
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "3", --every, "5"]
                grid:
                  gpus: [0, 1]
                """)
        let store = RunStore(connection: sweep.connection)
        let claim = { (free: Int) in
            try store.claim(
                worker: "w/1/0", sweepID: try sweep.sweepID, leaseSeconds: 30, freeThreads: 1, cores: 1, freeGPUs: free)
        }
        #expect(try claim(0)?.gpus == 0)
        #expect(try claim(0) == nil, "a run asking for a GPU was claimed with none free")
        #expect(try claim(1)?.gpus == 1)
    }
}

/// `kiln status` says why a run that needs more GPUs than any live worker has is waiting.
@Suite(.tags(.postgres, .subprocess, .slow))
struct GPUWaitingTests {
    @Test(.freshDatabase) func statusSaysWhenARunNeedsMoreGPUsThanAnyLiveWorkerHas() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: gpu-wait
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh"]
                grid:
                  gpus: [1, 4]
                """)
        var settings = sweep.settings()
        settings.gpus = ["0", "1"]
        let pool = WorkerPool(settings: settings, count: 1, sweepID: try sweep.sweepID)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            pool.run()
            finished.signal()
        }
        try waitUntil("the 1-GPU run succeeded") {
            try sweep.runs().values.contains { $0.gpus == 1 && $0.status == .succeeded }
        }
        let status = try ChildProcess.run(
            [ChildProcess.kiln, "status", "gpu-wait"], in: sweep.project, environment: sweep.environment)
        pool.stop()
        finished.wait()
        let waiting = try #require(try sweep.runs().values.first { $0.gpus == 4 })
        #expect(waiting.status == .pending)
        #expect(
            status.stdout.contains("waiting: \(waiting.name) needs 4 GPUs; no live worker has more than 2"),
            "\(status.stdout)\(status.stderr)")
    }
}
