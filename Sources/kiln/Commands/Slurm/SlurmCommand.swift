import ArgumentParser

struct SlurmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run a sweep's workers as Slurm jobs.",
        discussion: """
            Slurm schedules the workers; they share the sweep's queue in PostgreSQL as every Kiln worker does. The \
            database must be reachable from the compute nodes: 'kiln db serve' (or a server in KILN_DATABASE_URL). \
            See docs/cluster.md.
            """,
        subcommands: [SlurmSubmit.self]
    )
}
