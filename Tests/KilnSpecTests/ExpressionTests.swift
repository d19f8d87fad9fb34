import Foundation
import Testing
@testable import KilnSpec

@Suite struct ExpressionTests {
    let here = SourceLocation(file: "x.yaml", line: 3, column: 10)

    func value(_ text: String, _ values: [String: Double] = [:]) throws -> Double {
        try Expression(parsing: text, at: here).evaluate(values, at: here)
    }

    @Test("precedence: ^ before unary minus before * / before + -, ^ to the right")
    func precedence() throws {
        #expect(try value("1 + 2 * 3") == 7)
        #expect(try value("(1 + 2) * 3") == 9)
        #expect(try value("2 ^ 3 ^ 2") == 512)
        #expect(try value("-2 ^ 2") == -4)
        #expect(try value("8 / 4 / 2") == 1)
        #expect(try value("10 - 4 - 3") == 3)
        #expect(try value("1.5e3 + .5") == 1500.5)
    }

    @Test("names and functions")
    func namesAndFunctions() throws {
        let v = ["tokens": 1_048_576.0, "batch": 16, "context": 64]
        #expect(try value("tokens / (batch * context)", v) == 1024)
        #expect(abs(try value("log(exp(2))") - 2) < 1e-12)
        #expect(try value("sqrt(16) + min(3, 1, 2) + max(1, 5)") == 10)
        #expect(try value("round(2.6)") == 3)
    }

    @Test("an unknown name is an error at its column with a suggestion")
    func unknownName() throws {
        let error = try #require(throws: SpecError.self) {
            try value("tokens / batchsize", ["batch_size": 16, "tokens": 1])
        }
        #expect(error.problem == .unknownName("batchsize", suggestion: "batch_size"))
        #expect(error.column == 10 + 9)
        #expect(
            error.description
                == "x.yaml:3:19: error: unknown name 'batchsize' in expression; did you mean 'batch_size'?")
    }

    @Test(
        "syntax errors point into the expression",
        arguments: [
            ("1 +", 13), ("(1 + 2", 16), ("2 * * 3", 14), ("1 2", 12), ("", 10),
        ])
    func syntax(text: String, column: Int) throws {
        let error = try #require(throws: SpecError.self) { try value(text) }
        guard case .expression = error.problem else { Issue.record("\(error)"); return }
        #expect(error.column == column)
    }

    @Test("unknown functions and wrong argument counts are errors")
    func badCalls() throws {
        let unknown = try #require(throws: SpecError.self) { try value("sqr(4)") }
        #expect(unknown.description.contains("unknown function 'sqr'; did you mean 'sqrt'?"))
        #expect(throws: SpecError.self) { try value("min(1)") }
        #expect(throws: SpecError.self) { try value("log(0)") }
        #expect(throws: SpecError.self) { try value("1 / 0") }
    }

    @Test("names are listed in order of appearance with their offsets")
    func names() throws {
        let expression = try Expression(parsing: "a * (bb + a)", at: here)
        #expect(expression.names.map(\.name) == ["a", "bb", "a"])
        #expect(expression.names.map(\.offset) == [0, 5, 10])
    }
}
