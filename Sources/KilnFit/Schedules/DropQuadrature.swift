import Foundation

/// A schedule prepared to evaluate the multi-power law at any step: prefix sums of the LR, and the steps where it
/// changes, grouped per evaluated step by a quadrature whose error is bounded (see `nodes(at:into:)`).
///
/// The loss drop is LD(t) = B·Σ_{k≤t} d_k·g(y_k) with d_k = η_{k−1} − η_k, a_k = Σ_{τ=k..t} η_τ and
/// y_k = log a_k − γ·log η_k, where g(y) = 1 − (C·e^y + 1)^(−β). For β ∈ (0, 1), |g′| ≤ 1 and |g″| ≤ 1 for every
/// C and y. A group of consecutive changes of one sign, with log a spanning at most Δu and log η at most Δv, is
/// replaced by one node: its summed drop D at the drop-weighted mean area and mean log η. Its error is at most
/// |D|·((Δu + Δv)² + Δu²)/8 (the one-point rule's second-order remainder, plus the gap between the mean of log a
/// and the log of the mean area). Groups are cut so Δu ≤ `areaTolerance` and Δv ≤ `rateTolerance`, so the error
/// of LD(t) is at most B·Σ_{k≤t}|d_k|·`relativeErrorBound`, whatever the law's parameters; far from t the groups
/// grow geometrically, so a step costs about log(S(t)/η_t)/Δu + (log-LR range)/Δv nodes instead of one per change.
struct DropQuadrature: Sendable {
    /// A node of the quadrature at one evaluated step: summed drop, log of its area a, its log LR.
    struct Node: Sendable { var drop: Double; var logArea: Double; var logLR: Double }

    /// Steps of warmup (their LR sum is S_W; changes start at step W).
    let warmup: Int
    /// prefix[n] = Σ_{τ=W..n} η_τ for n ≥ W (0 before).
    let prefix: [Double]
    /// Σ of the LR over each warmup step so far (partialWarmup[n] for n < W), and over the whole warmup.
    let partialWarmup: [Double], warmupSum: Double
    /// Changes k ≥ W with η_k > 0: step, drop d_k, log η_k, S(k − 1) = prefix[k − 1] (0 at k = W).
    let steps: [Int], drops: [Double], logLRs: [Double], before: [Double]
    /// Index of the first change of the segment each change belongs to (segments: one sign, log η within Δv).
    let segmentStart: [Int]
    /// Exclusive prefix sums over changes of d, d·S(k − 1) and d·log η.
    let sumDrop: [Double], sumDropBefore: [Double], sumDropLogLR: [Double]
    /// Changes to a zero LR (g = 1 exactly there): their steps and the running sum of their drops.
    let zeroSteps: [Int], zeroSums: [Double]
    /// Largest span of log a (Δu) and of log η (Δv) within a node; 0 and 0 make every change its own node (exact).
    let areaTolerance: Double, rateTolerance: Double

    /// Default spans: Δu = Δv = 0.1, an error of at most 0.625% of B·Σ|d| (measured: far less, see the tests).
    static let defaultTolerance = 0.1

    /// Bound on |LD_quadrature(t) − LD(t)| / (B·Σ_{k≤t}|d_k|): ((Δu + Δv)² + Δu²)/8.
    var relativeErrorBound: Double {
        ((areaTolerance + rateTolerance) * (areaTolerance + rateTolerance) + areaTolerance * areaTolerance) / 8
    }

    /// Prepares `lrs` (the LR at every step, raw units) whose first `warmupSteps` steps are warmup.
    init(
        lrs: [Double], warmupSteps: Int, areaTolerance: Double = defaultTolerance,
        rateTolerance: Double = defaultTolerance
    ) {
        let warmup = min(warmupSteps, lrs.count)
        var prefix = [Double](repeating: 0, count: lrs.count), running = 0.0
        var partialWarmup = [Double](repeating: 0, count: warmup), warmupSum = 0.0
        var steps: [Int] = [], drops: [Double] = [], logLRs: [Double] = [], before: [Double] = []
        var zeroSteps: [Int] = [], zeroSums: [Double] = []
        for n in lrs.indices {
            if n < warmup {
                warmupSum += lrs[n]
                partialWarmup[n] = warmupSum
                continue
            }
            let previousSum = running
            running += lrs[n]
            prefix[n] = running
            guard n > 0, lrs[n - 1] != lrs[n] else { continue }  // k = W compares with the warmup's last step
            let drop = lrs[n - 1] - lrs[n]
            if lrs[n] > 0 {
                steps.append(n)
                drops.append(drop)
                logLRs.append(log(lrs[n]))
                before.append(previousSum)
            } else {
                zeroSteps.append(n)
                zeroSums.append((zeroSums.last ?? 0) + drop)
            }
        }
        var segmentStart = [Int](repeating: 0, count: steps.count)
        var start = 0, low = Double.infinity, high = -Double.infinity
        for j in steps.indices {
            let sameSign = j > start && (drops[j] > 0) == (drops[start] > 0)
            let newLow = min(low, logLRs[j]), newHigh = max(high, logLRs[j])
            if sameSign && newHigh - newLow <= rateTolerance {
                (low, high) = (newLow, newHigh)
            } else {
                (start, low, high) = (j, logLRs[j], logLRs[j])
            }
            segmentStart[j] = start
        }
        var sumDrop = [0.0], sumDropBefore = [0.0], sumDropLogLR = [0.0]
        for j in steps.indices {
            sumDrop.append(sumDrop[j] + drops[j])
            sumDropBefore.append(sumDropBefore[j] + drops[j] * before[j])
            sumDropLogLR.append(sumDropLogLR[j] + drops[j] * logLRs[j])
        }
        self.warmup = warmup
        self.prefix = prefix
        self.partialWarmup = partialWarmup
        self.warmupSum = warmupSum
        (self.steps, self.drops, self.logLRs, self.before) = (steps, drops, logLRs, before)
        self.segmentStart = segmentStart
        (self.sumDrop, self.sumDropBefore, self.sumDropLogLR) = (sumDrop, sumDropBefore, sumDropLogLR)
        (self.zeroSteps, self.zeroSums) = (zeroSteps, zeroSums)
        (self.areaTolerance, self.rateTolerance) = (areaTolerance, rateTolerance)
    }

    /// The LR sum S1(t) + S_W up to `step` (warmup included).
    func area(at step: Int) -> Double {
        step < warmup ? partialWarmup[step] : warmupSum + prefix[step]
    }

    /// Appends the quadrature's nodes for evaluating LD at `step` to `nodes`, and returns the summed drops to a zero
    /// LR at or before it (their g is 1 for any parameters). Nearest nodes first.
    func nodes(at step: Int, into nodes: inout [Node]) -> Double {
        guard step >= warmup else { return 0 }
        let total = prefix[step]
        var j = Self.lastIndex(in: steps, atMost: step)
        while j >= 0 {
            let nearest = total - before[j]
            let limit = nearest * exp(areaTolerance)
            // The farthest change of j's segment whose area is still within the span: areas fall as the index rises.
            var low = segmentStart[j], high = j
            while low < high {
                let middle = (low + high) / 2
                if total - before[middle] <= limit { high = middle } else { low = middle + 1 }
            }
            if low == j {
                nodes.append(Node(drop: drops[j], logArea: log(nearest), logLR: logLRs[j]))
            } else {
                let drop = sumDrop[j + 1] - sumDrop[low]
                let meanBefore = min(max((sumDropBefore[j + 1] - sumDropBefore[low]) / drop, before[low]), before[j])
                nodes.append(
                    Node(
                        drop: drop, logArea: log(total - meanBefore),
                        logLR: (sumDropLogLR[j + 1] - sumDropLogLR[low]) / drop))
            }
            j = low - 1
        }
        let zeros = Self.lastIndex(in: zeroSteps, atMost: step)
        return zeros >= 0 ? zeroSums[zeros] : 0
    }

    /// The last index of sorted `values` whose value is ≤ `bound`, or −1.
    private static func lastIndex(in values: [Int], atMost bound: Int) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] <= bound { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }
}
