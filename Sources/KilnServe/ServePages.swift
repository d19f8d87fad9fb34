import Foundation
import KilnPostgres
import KilnReport
import KilnProtocol
import KilnStore

/// The pages of `kiln serve`, rendered from the store through the report's loader, model and templates.
/// Synchronous: called on a connection of ``StoreGateway``.
struct ServePages {
    let connection: Connection
    /// Whether action forms are shown (not `--read-only`).
    let actions: Bool

    /// A page that does not exist (unknown id): the handler answers 404.
    struct NotFound: Error {
        var what: String
    }

    /// Home: every sweep with its counts, progress, ETA, FLOPs and last activity; filtered by name
    /// (`q`), by a state its runs are in (`state`), sorted by `sort` (`activity`, `name`, `progress`).
    func home(filter: String, state: String, sort: String) throws -> String {
        let all = try SweepOverview.all(connection)
        let now = Date().timeIntervalSince1970
        var shown = all.filter { filter.isEmpty || $0.name.localizedCaseInsensitiveContains(filter) }
        shown = shown.filter { sweep in
            switch RunStatus(rawValue: state) {
            case .pending: sweep.pending > 0
            case .running: sweep.running > 0
            case .succeeded: sweep.succeeded > 0
            case .failed: sweep.failed > 0
            case .cancelled: sweep.cancelled > 0
            case .pruned: sweep.pruned > 0
            case nil: true
            }
        }
        switch sort {
        case "name": shown.sort { $0.name < $1.name }
        case "progress": shown.sort { $0.progress < $1.progress }
        default: break  // the query's order: latest activity first
        }
        let rows = shown.map { sweep in
            let left = sweep.secondsLeft(now: now)
            return OverviewRow(
                sweepHref: "/sweeps/\(sweep.id)", sweepName: sweep.name,
                sweepNote: sweep.description.isEmpty ? nil : sweep.description, pendingCount: sweep.pending,
                runningCount: sweep.running, succeededCount: sweep.succeeded, failedCount: sweep.failed,
                cancelledCount: sweep.cancelled, prunedCount: sweep.pruned, runCount: sweep.total,
                progressPermille: Int((sweep.progress * 1000).rounded()),
                progressText: String(format: "%.0f%%", sweep.progress * 100),
                etaText: left.map(NumberFormatting.duration) ?? "", etaSort: left.map { "\($0)" } ?? "",
                flopsText: sweep.flopsSpent > 0 ? NumberFormatting.significant(sweep.flopsSpent, digits: 3) : "",
                flopsSort: "\(sweep.flopsSpent)", activityText: Self.ago(sweep.lastActivity, now: now),
                activitySort: "\(sweep.lastActivity)")
        }
        let states = [("", "any state")] + RunStatus.allCases.map { ($0.rawValue, $0.rawValue) }
        let sorts = [("activity", "latest activity"), ("name", "name"), ("progress", "progress")]
        let overview = OverviewView(
            filterText: filter,
            stateOptions: states.map { Choice(choiceValue: $0.0, choiceText: $0.1, chosen: $0.0 == state) },
            sortOptions: sorts.map {
                Choice(
                    choiceValue: $0.0, choiceText: $0.1, chosen: $0.0 == sort || (sort.isEmpty && $0.0 == "activity"))
            },
            overviewRows: rows, hiddenCount: all.count == shown.count ? nil : all.count - shown.count)
        let runs = all.reduce(0) { $0 + $1.total }, running = all.reduce(0) { $0 + $1.running }
        var view = ServeView(overview: overview, liveURL: "/events")
        view.crumbs = [Crumb(crumbHref: "/compare", crumbText: "Compare runs")]
        return try HTMLReport.renderPage(
            title: "Kiln", subtitle: "\(all.count) sweeps · \(runs) runs · \(running) running", serve: view)
    }

    /// A sweep: the report of the sweep, with its runs linked, actions and the live script; running runs'
    /// overviews come from the server's `overviews`.
    func sweep(id: Int64, overviews: OverviewCache) throws -> String {
        guard let sweep = try SweepStore(connection: connection).all().first(where: { $0.id == id }) else {
            throw NotFound(what: "sweep \(id)")
        }
        let model = try ReportLoader(connection: connection, cache: overviews).model(
            sweeps: [sweep.name], detail: .overview)
        let records = try RunStore(connection: connection).runs(sweepID: id)
        var view = ServeView(liveURL: "/sweeps/\(id)/events")
        view.crumbs = [
            Crumb(crumbHref: "/", crumbText: "All sweeps"), Crumb(crumbHref: "/compare", crumbText: "Compare runs"),
        ]
        if actions {
            view.actionForms = [
                ActionForm(
                    formAction: "/sweeps/\(id)/cancel", buttonText: "Cancel sweep",
                    confirmText: "Cancel every pending and running run of \(sweep.name)?"),
                ActionForm(
                    formAction: "/sweeps/\(id)/retry", buttonText: "Retry failed runs",
                    confirmText: "Put the failed runs of \(sweep.name) back in the queue?"),
            ]
        }
        view.runList = RunListView(
            runRows: records.map { record in
                RunRow(
                    runID: String(record.id), runHref: "/runs/\(record.id)", runName: record.name,
                    runState: record.status.rawValue, runStep: Self.step(record),
                    rowActions: actions ? Self.runActions(record) : [])
            }, listOpen: records.count <= 50)
        return try HTMLReport.render(model, serve: view)
    }

    /// A run: its metrics as the report draws them, then configuration, lineage, attempts and log.
    func run(id: Int64) throws -> (sweepID: Int64, html: String) {
        let store = RunStore(connection: connection)
        guard let record = try store.run(id: id) else { throw NotFound(what: "run \(id)") }
        let model = try ReportLoader(connection: connection).model(runReference: String(id))
        let siblings = try store.runs(sweepID: record.sweepID)
        let parent = record.parentRunID.flatMap { parentID in siblings.first { $0.id == parentID } }
        let children = siblings.filter { $0.parentRunID == id }
        let attempts = try store.attempts(sweepID: record.sweepID)[id] ?? []
        let log = Self.log(record)
        var view = ServeView(liveURL: "/sweeps/\(record.sweepID)/events")
        view.crumbs = [
            Crumb(crumbHref: "/", crumbText: "All sweeps"),
            Crumb(crumbHref: "/sweeps/\(record.sweepID)", crumbText: "Sweep \(model.sweeps.first?.name ?? "")"),
            Crumb(crumbHref: "/compare?run=\(id)", crumbText: "Compare with…"),
        ]
        if actions { view.actionForms = Self.runActions(record) }
        view.runInfo = RunInfoView(
            configJSON: Self.pretty(record.params), trainerJSON: record.trainer.map(Self.pretty),
            parentLink: parent.map { Crumb(crumbHref: "/runs/\($0.id)", crumbText: $0.name) },
            branchStep: record.parentStep.map { "step \($0)" } ?? "its final checkpoint",
            childRows: children.map {
                ChildRow(
                    childHref: "/runs/\($0.id)", childName: $0.name, childState: $0.status.rawValue,
                    childStep: $0.parentStep.map(String.init) ?? "final")
            },
            attemptRows: attempts.map { attempt in
                AttemptRow(
                    attemptNumber: attempt.attempt, attemptHost: attempt.host, attemptWorker: attempt.worker,
                    attemptState: attempt.status, attemptStart: Self.time(attempt.startedAt),
                    attemptEnd: attempt.finishedAt.map(Self.time) ?? "",
                    attemptExit: attempt.exitCode.map(String.init) ?? "",
                    attemptFailure: attempt.failure ?? "")
            }, logText: log.text, logSource: log.source,
            failureText: record.failure.map { "\(record.status.rawValue): \($0)" })
        return (record.sweepID, try HTMLReport.render(model, serve: view))
    }

    /// Runs from any sweeps overlaid (`kiln compare`, interactive): `references` are run ids or names.
    func compare(references: [String]) throws -> String {
        var view = ServeView()
        view.crumbs = [Crumb(crumbHref: "/", crumbText: "All sweeps")]
        var picker = PickerView(pickerText: references.joined(separator: ", "))
        var sweeps: [ReportSweep] = [], runs: [ReportRun] = []
        let loader = ReportLoader(connection: connection)
        for reference in references {
            do {
                let model = try loader.model(runReference: reference)
                runs += model.runs
                for sweep in model.sweeps where !sweeps.contains(sweep) { sweeps.append(sweep) }
            } catch let error as StoreError {
                picker.pickerProblem = "\(error)"
            }
        }
        view.picker = picker
        guard !runs.isEmpty else {
            return try HTMLReport.renderPage(title: "Compare runs", subtitle: "Pick runs to overlay", serve: view)
        }
        view.liveURL = "/events"
        let model = ReportModel(
            title: "Compare: " + runs.map(\.name).joined(separator: ", "), sweeps: sweeps, runs: runs)
        return try HTMLReport.render(model, serve: view)
    }

    /// Cancel and retry, as the run's state allows.
    static func runActions(_ record: RunRecord) -> [ActionForm] {
        switch record.status {
        case .pending, .running:
            [
                ActionForm(
                    formAction: "/runs/\(record.id)/cancel", buttonText: "Cancel",
                    confirmText: "Cancel run \(record.name)?")
            ]
        case .failed, .cancelled, .pruned:
            [
                ActionForm(
                    formAction: "/runs/\(record.id)/retry", buttonText: "Retry",
                    confirmText: "Retry run \(record.name)?")
            ]
        case .succeeded: []
        }
    }

    /// "120/600", "120", or "" before the first heartbeat.
    static func step(_ record: RunRecord) -> String {
        guard let step = record.progressStep else { return record.totalSteps.map { "0/\($0)" } ?? "" }
        return record.totalSteps.map { "\(step)/\($0)" } ?? String(step)
    }

    /// The run's log: the end of its log file when this machine can read it, else the store's last lines.
    static func log(_ record: RunRecord) -> (text: String, source: String) {
        let limit = 64 * 1024
        if let path = record.logPath, path.hasSuffix("/log.txt"), let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            if let size = try? handle.seekToEnd() {
                try? handle.seek(toOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
                let data = (try? handle.readToEnd()) ?? Data()
                let text = String(decoding: data, as: UTF8.self)
                return (text, size > UInt64(limit) ? "The last 64 KB of \(path)" : path)
            }
        }
        guard let tail = record.logTail, !tail.isEmpty else { return ("", "No output yet.") }
        return (tail, "The last lines the worker stored (the log file is on the worker's machine)")
    }

    /// A JSON text indented with its keys sorted, through the one JSON type (`true` stays `true`); the text
    /// itself if it is not JSON.
    static func pretty(_ json: String) -> String {
        (try? JSONValue(parsing: json))?.serialized(pretty: true) ?? json
    }

    /// UTC time of day with date: `2026-12-01 17:31:05`.
    static func time(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// "12s ago", "4m05s ago", "3h02m ago", or the date beyond a day.
    static func ago(_ seconds: Double, now: Double) -> String {
        let age = max(0, now - seconds)
        return age < 86_400 ? NumberFormatting.duration(age) + " ago" : time(seconds)
    }
}
