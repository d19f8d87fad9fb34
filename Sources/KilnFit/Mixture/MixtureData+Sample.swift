import Foundation
import KilnProtocol

extension MixtureData {
    /// Points at every (N, D, r) of the lists with losses from `general` (at 1 − r) and `domain` (at r), each
    /// times exp(`noise`·z) for a standard normal z drawn reproducibly from `seed`.
    package static func sample(
        general: DCPTLaw, domain: DCPTLaw, sizes: [Double], tokens: [Double], ratios: [Double], noise: Double,
        seed: UInt64
    ) -> MixtureData {
        var generator = SplitMix64(seed: seed)
        var points: [MixturePoint] = []
        for n in sizes {
            for d in tokens {
                for r in ratios {
                    let g = general.loss(params: n, tokens: d, ratio: 1 - r) * exp(noise * gaussian(using: &generator))
                    let l = domain.loss(params: n, tokens: d, ratio: r) * exp(noise * gaussian(using: &generator))
                    points.append(MixturePoint(params: n, tokens: d, ratio: r, generalLoss: g, domainLoss: l))
                }
            }
        }
        return MixtureData(validated: points, source: "sample")
    }

    /// Wraps points known to be valid (sampled ones).
    init(validated points: [MixturePoint], source: String?) {
        self.points = points
        self.source = source
    }
}
