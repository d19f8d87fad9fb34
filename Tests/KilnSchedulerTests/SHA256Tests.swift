import Foundation
@testable import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// SHA-256 against the examples of FIPS 180-4 (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf") and `sha256sum`.
@Suite struct SHA256Tests {
    @Test(
        "FIPS 180-4 examples",
        arguments: [
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ])
    func fipsExamples(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)) == digest)
    }

    @Test func oneMillionTimesA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func aFileHashesAsSha256sumSaysEvenAcrossBlockAndChunkBoundaries() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-sha")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for size in [55, 56, 63, 64, 65, 1 << 20, (1 << 20) + 77] {
            let path = folder + "/\(size)"
            try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }).write(
                to: URL(fileURLWithPath: path))
            let reference = try ChildProcess.run(["/usr/bin/sha256sum", path])
            #expect(try SHA256.hash(fileAt: path) == String(reference.stdout.prefix(64)), "size \(size)")
        }
    }

    @Test func theProgramOfAnInterpretedTrainerIsItsScript() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-program")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "print()\n".write(toFile: folder + "/train.py", atomically: true, encoding: .utf8)
        let program = { (argv: [String]) in AttemptProvenance.programFile(argv: argv, directory: folder) }
        #expect(program(["python3", "-u", "train.py", "--lr", "0.1"]) == folder + "/train.py")
        #expect(program(["/usr/bin/python3.11", folder + "/train.py"]) == folder + "/train.py")
        #expect(program(["python3", "-m", "trainer"])?.hasSuffix("/python3") == true)
        #expect(program(["/bin/true", "train.py"]) == "/bin/true")  // not an interpreter: its own executable
        #expect(program(["no-such-program-here"]) == nil)
    }
}
