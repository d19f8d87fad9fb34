// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "kiln",
    products: [
        .executable(name: "kiln", targets: ["kiln"]),
        .executable(name: "kiln-train", targets: ["kiln-train"]),
    ],
    dependencies: [
        // Chosen, not collected: the CLI, YAML specs, and HTML templates.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Logging: the ecosystem's API, with a stderr handler of Kiln's own (KilnLog).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `kiln serve`: the HTTP server (SwiftNIO underneath), without its optional configuration support;
        // its service lifecycle (graceful shutdown on SIGINT/SIGTERM) and HTTP types come with it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Shims: C libraries from Debian's -dev packages.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // Logging: the one handler and bootstrap (`KILN_LOG`), reachable from the libraries and `kiln`.
        .target(name: "KilnLog", dependencies: [.product(name: "Logging", package: "swift-log")]),

        // Processes: the one launcher (posix_spawn from an argv array) for the store, the scheduler and the tests.
        .target(name: "KilnProcess"),

        // Store: libpq in Swift, the schema (store/), and Kiln's tables.
        .target(name: "KilnPostgres", dependencies: ["CLibPQ"]),
        .target(name: "KilnSchema", path: "store", resources: [.copy("migrations")]),
        .target(name: "KilnStore", dependencies: ["KilnPostgres", "KilnSchema", "KilnProtocol", "KilnProcess"]),

        // Specs: schedules (pure), the trainer protocol, and sweep files.
        .target(name: "KilnLearningRate"),
        .target(name: "KilnProtocol", dependencies: ["KilnLearningRate"]),
        .target(
            name: "KilnSpec",
            dependencies: [
                "KilnLearningRate", "KilnProtocol", .product(name: "Yams", package: "Yams"),
            ]),

        // Features.
        .target(name: "KilnTraining", dependencies: ["COpenBLAS", "KilnLearningRate", "KilnProtocol", "KilnProcess"]),
        .target(
            name: "KilnScheduler",
            dependencies: [
                "KilnStore", "KilnSpec", "KilnProtocol", "KilnProcess", "KilnFit",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "KilnFit", dependencies: ["KilnProtocol"]),
        .target(name: "KilnAnalysis", dependencies: ["KilnStore", "KilnFit", "KilnProtocol"]),
        .target(name: "KilnTemplates", path: "templates", resources: [.copy("html")]),
        .target(
            name: "KilnReport",
            dependencies: [
                "KilnStore", "KilnFit", "KilnAnalysis", "KilnLearningRate", "KilnProtocol", "KilnTemplates",
                .product(name: "Mustache", package: "swift-mustache"), .product(name: "Logging", package: "swift-log"),
            ]),

        // The live web application over the store (`kiln serve`): the report's pages, updated as runs train.
        .target(
            name: "KilnServe",
            dependencies: [
                "KilnStore", "KilnProtocol", "KilnReport", "KilnAnalysis", "KilnScheduler",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Executables: thin layers over the libraries.
        .executableTarget(
            name: "kiln",
            dependencies: [
                "KilnStore", "KilnSpec", "KilnScheduler", "KilnTraining", "KilnFit", "KilnAnalysis", "KilnReport",
                "KilnServe", "KilnLog",
                "KilnProcess", "KilnLearningRate",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "kiln-train", dependencies: ["KilnTraining", "KilnProtocol"]),

        // Tests: a real PostgreSQL per test run, one database per test.
        .target(name: "KilnTestSupport", dependencies: ["KilnStore", "KilnPostgres", "KilnProcess"]),
        .testTarget(name: "KilnPostgresTests", dependencies: ["KilnPostgres", "KilnTestSupport"]),
        .testTarget(
            name: "KilnStoreTests", dependencies: ["KilnStore", "KilnProtocol", "KilnProcess", "KilnTestSupport"]),
        .testTarget(name: "KilnLearningRateTests", dependencies: ["KilnLearningRate"]),
        .testTarget(name: "KilnProtocolTests", dependencies: ["KilnProtocol"]),
        .testTarget(
            name: "KilnSpecTests", dependencies: ["KilnSpec", "KilnTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "KilnTrainingTests",
            dependencies: [
                "KilnTraining", "KilnProtocol", "KilnProcess", "KilnTestSupport",
            ]),
        .testTarget(
            name: "KilnSchedulerTests",
            dependencies: [
                "KilnScheduler", "KilnTestSupport", "KilnLog", .product(name: "Logging", package: "swift-log"),
            ], resources: [.copy("Fixtures")]),
        .testTarget(name: "KilnFitTests", dependencies: ["KilnFit", "KilnProtocol"]),
        .testTarget(
            name: "KilnAnalysisTests",
            dependencies: ["KilnAnalysis", "KilnFit", "KilnProtocol", "KilnStore", "KilnTestSupport"]),
        .testTarget(
            name: "KilnReportTests", dependencies: ["KilnReport", "KilnAnalysis", "KilnStore", "KilnTestSupport"]),
        .testTarget(
            name: "KilnServeTests", dependencies: ["KilnServe", "KilnStore", "KilnPostgres", "KilnTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "KilnEndToEndTests", dependencies: ["KilnTestSupport", "KilnProtocol"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
