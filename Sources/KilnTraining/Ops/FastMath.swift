// Branch-free exp and tanh that the compiler vectorises (libm calls would not be):
// Cephes-style range reduction and a degree-6 polynomial, relative error about 2e-7.

/// e^x for Float, flushing to 0 below −87 and clamping above 88; NaN in, NaN out (no trap).
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let clamped = min(max(x, -87.3), 88.3)
    // Adding 1.5·2²³ rounds to an integer k held in the low mantissa bits: no Float→Int conversion.
    let shifter: Float = 12_582_912
    let shifted = clamped * 1.44269504088896341 + shifter
    let k = shifted - shifter
    // r = x − k·ln 2 in two parts for accuracy
    let r = clamped - k * 0.693359375 + k * 2.12194440e-4
    var p: Float = 1.9875691500e-4
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let e = p * r * r + r + 1
    let scale = Float(bitPattern: (shifted.bitPattern &- shifter.bitPattern &+ 127) << 23)
    return e * scale
}

/// tanh(x) = 1 − 2 / (e^{2x} + 1), exact to about 1e-7 absolute.
@inline(__always)
func fastTanh(_ x: Float) -> Float {
    1 - 2 / (fastExp(2 * x) + 1)
}
