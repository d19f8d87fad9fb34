/// The secret of `kiln serve`: made at start unless `KILN_SERVE_TOKEN` gives one, compared in constant time.
package enum AccessToken {
    /// 32 random bytes (the system's cryptographic generator) as 64 hex digits.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// Whether `candidate` equals `secret`, taking the same time whatever prefix they share (the time
    /// depends only on the candidate's length), so the secret cannot be guessed byte by byte.
    package static func matches(_ candidate: String?, secret: String) -> Bool {
        guard let candidate else { return false }
        let given = Array(candidate.utf8), expected = Array(secret.utf8)
        var difference = UInt8(given.count == expected.count ? 0 : 1)
        for index in given.indices {
            difference |= given[index] ^ (expected.isEmpty ? 0 : expected[index % expected.count])
        }
        return difference == 0
    }
}
