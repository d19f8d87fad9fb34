/// The Huber loss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond; quadratic near zero, linear in the tails.
package struct Huber: Sendable {
    /// The threshold δ between the quadratic and linear parts.
    package var delta: Double

    /// Creates the loss with threshold `delta`.
    package init(delta: Double) { self.delta = delta }

    /// The loss of residual `r`.
    @inline(__always)
    package func value(_ r: Double) -> Double {
        let magnitude = abs(r)
        return magnitude <= delta ? 0.5 * r * r : delta * (magnitude - 0.5 * delta)
    }

    /// The derivative of the loss at `r`: r clipped to [−δ, δ].
    @inline(__always)
    package func derivative(_ r: Double) -> Double { min(max(r, -delta), delta) }
}
