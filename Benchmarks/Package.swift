// swift-tools-version:6.1
// Micro-benchmarks of Parley's library paths with ordo-one/benchmark (package-benchmark).
// A package of its own so that the root package never depends on it and CI never builds it:
//   swift package --package-path Benchmarks benchmark
// (see docs/BENCHMARKS.md). The root package is named by path; its product names are Parley's.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "ParleyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // `name:` so the product references below do not depend on the checkout folder's name.
        .package(name: "Parley", path: "../"),
        // The malloc interposer counts allocations; the Swift 6.3 runtime interposer is left out.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LibraryPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ParleyLanguage", package: "Parley"),
                .product(name: "ParleyGlossary", package: "Parley"),
                .product(name: "ParleyHTTP", package: "Parley"),
                .product(name: "ParleyTranslation", package: "Parley"),
            ],
            path: "Benchmarks/LibraryPaths",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
