/// FNV-1a, 64 bits (Fowler, Noll and Vo): the package's one short, stable, non-cryptographic hash. Run ids
/// and spec hashes (`KilnSpec`) and the socket folders of deep projects (`KilnStore.LocalCluster`) are
/// made with it, so its outputs are fixed for good: a changed value would re-register stored runs.
package enum FNV1a {
    /// The hash of the UTF-8 bytes of `text`.
    package static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        return value
    }

    /// The hash of `text` as 16 lowercase hex digits, leading zeros kept.
    package static func hex(_ text: String) -> String {
        let digits = String(hash(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
