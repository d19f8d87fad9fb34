/// Every error KilnFit reports, written like a compiler diagnostic: `source:line: problem`.
package struct FitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    package enum Problem: Equatable, Sendable {
        /// A required column is absent from the header.
        case missingColumn(String, available: [String])
        /// A value that must be a positive finite number is not (the text as read).
        case notPositive(column: String, text: String)
        /// A value that must be a finite number is not.
        case notANumber(column: String, text: String)
        /// A value that must be a whole number (a step) is not.
        case notAnInteger(column: String, text: String)
        /// A record has a different number of fields from the header.
        case fieldCount(expected: Int, found: Int)
        /// A quoted field is never closed.
        case unterminatedQuote
        /// The input has no header line.
        case empty
        /// Too few data for the fit.
        case tooFewPoints(what: String, needed: Int, found: Int)
        /// A run named on the command line is not in the data.
        case unknownRun(String, available: [String])
        /// Steps within a loss curve must increase.
        case stepsNotIncreasing(run: String, step: Int)
        /// A fit could not be made (the reason says why).
        case unfit(String)
    }

    /// The file or data set the problem is in, when known.
    package var source: String?
    /// The 1-based line of the record, when known.
    package var line: Int?
    /// What went wrong.
    package var problem: Problem

    /// Creates an error.
    package init(_ problem: Problem, source: String? = nil, line: Int? = nil) {
        self.problem = problem
        self.source = source
        self.line = line
    }

    /// The diagnostic, e.g. `results.csv:14: loss is not a positive number ('nan')`.
    package var description: String {
        var place = source ?? ""
        if let line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        return place.isEmpty ? message : "\(place): \(message)"
    }

    private var message: String {
        switch problem {
        case let .missingColumn(name, available):
            "missing column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .notPositive(column, text): "\(column) is not a positive number ('\(text)')"
        case let .notANumber(column, text): "\(column) is not a number ('\(text)')"
        case let .notAnInteger(column, text): "\(column) is not a whole number ('\(text)')"
        case let .fieldCount(expected, found): "expected \(expected) fields, found \(found)"
        case .unterminatedQuote: "quoted field is not closed"
        case .empty: "no header line"
        case let .tooFewPoints(what, needed, found): "too few \(what): need at least \(needed), found \(found)"
        case let .unknownRun(run, available):
            "no run '\(run)' in the data (runs: \(available.joined(separator: ", ")))"
        case let .stepsNotIncreasing(run, step): "steps of run '\(run)' do not increase at step \(step)"
        case let .unfit(reason): reason
        }
    }
}
