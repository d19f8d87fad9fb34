import KilnStore

extension ReportSections {
    /// How each run was started, so a result can be reproduced: one line for what every run shares, a
    /// warning when runs differ in commit or program or come from a tree with uncommitted changes, and one
    /// row per run (its attempts, host, Kiln version, commit, program with its SHA-256, argv, and the
    /// environment Kiln set). `nil` when no run has started.
    static func provenance(_ model: ReportModel) -> Section? {
        let started = model.runs.compactMap { run in reference(run.attempts).map { (run, $0) } }
        guard !started.isEmpty else { return nil }
        var blocks: [Block] = []
        let versions = Set(started.map(\.1.kilnVersion))
        let commits = Set(started.map { $0.1.provenance?.gitCommit ?? "" })
        let programs = Set(started.map { $0.1.provenance?.executableSHA256 ?? "" })
        let dirty = started.filter { $0.1.provenance?.gitDirty == true }.map(\.0.name)
        var shared: [String] = []
        if versions.count == 1 { shared.append("Kiln \(versions.first!)") }
        if commits.count == 1, let commit = commits.first, !commit.isEmpty { shared.append("commit \(short(commit))") }
        if programs.count == 1, let hash = programs.first, !hash.isEmpty,
            let program = started[0].1.provenance?.executable
        {
            shared.append("program \(program) (sha256 \(short(hash)))")
        }
        if !shared.isEmpty { blocks.append(Block(paragraph: "Every run: " + shared.joined(separator: ", ") + ".")) }
        var warnings: [String] = []
        if versions.count > 1 { warnings.append("the runs were started by \(versions.count) Kiln versions") }
        if commits.count > 1 { warnings.append("the runs come from \(commits.count) different commits") }
        if programs.count > 1 { warnings.append("the runs' programs have \(programs.count) different SHA-256 hashes") }
        if !dirty.isEmpty {
            warnings.append(
                "\(dirty.count) of \(started.count) runs were started from a working tree with uncommitted changes")
        }
        if !warnings.isEmpty {
            blocks.append(Block(paragraph: "Warning: " + warnings.joined(separator: "; ") + ": the table shows which."))
        }
        let rows = started.map { run, attempt in
            let provenance = attempt.provenance
            let commit = provenance?.gitCommit.map { short($0) + (provenance?.gitDirty == true ? " (dirty)" : "") }
            let program = provenance?.executable.map { path in
                path + (provenance?.executableSHA256.map { " sha256 " + short($0) } ?? "")
            }
            let environment = provenance?.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            return TableRow(cells: [
                Cell(text: run.name), Cell(text: run.attempts.map(\.status).joined(separator: ", ")),
                Cell(text: attempt.host), Cell(text: attempt.kilnVersion), Cell(text: commit ?? ""),
                Cell(text: program ?? ""), Cell(text: provenance?.argv.joined(separator: " ") ?? ""),
                Cell(text: environment?.joined(separator: " ") ?? ""),
            ])
        }
        let headers = ["run", "attempts", "host", "Kiln", "commit", "program", "argv", "environment set by Kiln"]
        blocks.append(
            Block(
                table: DataTable(
                    tableID: "provenance", caption: "Each run's last succeeded attempt (else its last attempt)",
                    headers: headers.map { HeaderCell(label: $0) }, rows: rows)))
        return Section(id: "provenance", heading: "Provenance", blocks: blocks)
    }

    /// The attempt that stands for a run: its last succeeded one, else its last one.
    private static func reference(_ attempts: [AttemptRecord]) -> AttemptRecord? {
        attempts.last { $0.status == "succeeded" } ?? attempts.last
    }

    /// The first 12 characters of a commit or hash, as `git log --oneline` shows more or less.
    private static func short(_ hash: String) -> String { String(hash.prefix(12)) }
}
