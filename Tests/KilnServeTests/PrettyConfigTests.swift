import Foundation
import Testing

@testable import KilnServe

/// The run page's configuration text: the stored JSON indented, keys sorted, values unchanged.
struct PrettyConfigTests {
    @Test func keysAreSortedAndValuesKeepTheirText() throws {
        let text = ServePages.pretty(#"{"steps":600,"log_layer_grad_norms":true,"lr":0.1,"path":"a/b"}"#)
        let positions = try ["log_layer_grad_norms", "lr", "path", "steps"].map {
            try #require(text.range(of: "\"\($0)\"")).lowerBound
        }
        #expect(positions == positions.sorted())
        #expect(text.contains("true") && text.contains("0.1") && text.contains(#""a/b""#))
        #expect(text.contains("\n"))
    }

    @Test func textThatIsNotJSONIsShownAsItIs() {
        #expect(ServePages.pretty("not json {") == "not json {")
    }
}
