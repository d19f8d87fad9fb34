import KilnProtocol
import Testing

/// The one FNV-1a 64 of the package: run ids, spec hashes and cluster socket names are made with it,
/// so its outputs must never change (a changed hash re-registers every run of every stored sweep).
@Suite struct FNV1aTests {
    @Test(
        "FNV-1a 64 matches the reference values, with leading zeros kept",
        arguments: [
            ("", "cbf29ce484222325"),
            ("a", "af63dc4c8601ec8c"),
            ("foobar", "85944171f73967e8"),
            (#"{"lr":0.003,"schedule":{"kind":"wsd"}}"#, "ddba1c40bb5bfe43"),
            ("é/ü", "9eb8410d30b64cd5"),
            ("run42300", "0050ca187049cd59"),
        ])
    func referenceValues(text: String, hex: String) {
        #expect(FNV1a.hex(text) == hex)
        #expect(FNV1a.hash(text) == UInt64(hex, radix: 16))
    }
}
