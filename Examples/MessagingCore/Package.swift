// swift-tools-version:6.1
// A messaging core's use of Parley, as a program of its own: it depends on Parley by path, the way
// a messaging core's package would by URL, and uses the `ParleyTranslation` product and, for the
// translation cache's SQLite tier, `ParleyThreads` without the `PostgreSQL` trait (`traits: []`),
// so postgres-nio is neither built nor linked.
//   swift run --package-path Examples/MessagingCore MessagingCore http://127.0.0.1:2737
// (scripts/example builds it and runs it against a real Apertium APy.)
import PackageDescription

let package = Package(
    name: "MessagingCore",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Parley", path: "../..", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "MessagingCore",
            dependencies: [
                .product(name: "ParleyTranslation", package: "Parley"),
                .product(name: "ParleyThreads", package: "Parley"),
            ]
        ),
    ]
)
