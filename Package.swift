// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ParleyLanguage", targets: ["ParleyLanguage"]),
        .library(name: "ParleyGlossary", targets: ["ParleyGlossary"]),
        .library(name: "ParleyHTTP", targets: ["ParleyHTTP"]),
        .library(name: "ParleyTranslation", targets: ["ParleyTranslation"]),
        .library(name: "ParleyThreads", targets: ["ParleyThreads"]),
        .library(name: "ParleyMessaging", targets: ["ParleyMessaging"]),
        .library(name: "ParleyServer", targets: ["ParleyServer"]),
        .executable(name: "parley", targets: ["parley"]),
    ],
    traits: [
        // PostgreSQL support in ParleyThreads (postgres-nio), for several replicas on one database.
        // On by default; a program that only needs SQLite (the conversation store or the translation
        // cache's persistent tier) depends on Parley with `traits: []` and links no postgres-nio.
        .trait(name: "PostgreSQL", description: "The PostgreSQL store and cache tier (postgres-nio)."),
        .default(enabledTraits: ["PostgreSQL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Documentation: `swift package generate-documentation` (scripts/docs).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Test only: property-based (fuzz) tests of hostile input.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // System ICU behind a C facade: the public header has only <stdint.h> types, so Swift code
        // that also imports Foundation (which carries its own ICU) never sees two ICU module maps.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        .target(
            name: "ParleyLanguage",
            dependencies: ["CICU"],
            resources: [.copy("Resources/langid.model")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParleyGlossary",
            dependencies: [
                "ParleyLanguage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl through non-variadic wrappers (curl_easy_setopt is variadic, which Swift refuses).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // The process's one HTTP client (libcurl's multi interface), run as a ServiceLifecycle service.
        .target(
            name: "ParleyHTTP",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParleyTranslation",
            dependencies: [
                "ParleyLanguage", "ParleyGlossary", "ParleyHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // The conversation database (SQLite through GRDB): the translation cache's persistent tier first,
        // then reps, contacts and threads.
        .target(
            name: "ParleyThreads",
            dependencies: [
                "ParleyTranslation", "ParleyGlossary", "ParleyLanguage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: swiftSettings
        ),
        // Test support: an HTTP server that stands in for providers that cannot run here, a proxy
        // that puts faults between Parley and a real backend, and the seeded fuzz runner and
        // hostile-input generators (over PropertyBased) of the hostile-input suites.
        .target(
            name: "ParleyTesting",
            dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        // Test support for the stores: a fresh SQLite file or PostgreSQL schema per test, for every
        // test target that runs on both stores.
        .target(
            name: "ParleyThreadsTesting",
            dependencies: ["ParleyThreads", "ParleyTranslation"],
            swiftSettings: swiftSettings
        ),
        // Every conversation workflow (receive, preview, send, leads, consent, jobs) and its rules:
        // what the server, the web panel, the job worker and the messaging core call.
        .target(
            name: "ParleyMessaging",
            dependencies: [
                "ParleyLanguage", "ParleyGlossary", "ParleyTranslation", "ParleyThreads",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The service: Hummingbird HTTP API, webhooks and the server-rendered web panel (Mustache templates).
        .target(
            name: "ParleyServer",
            dependencies: [
                "ParleyLanguage", "ParleyGlossary", "ParleyHTTP", "ParleyTranslation", "ParleyThreads", "ParleyMessaging",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [
                .copy("Resources/openapi.yaml"),
                .copy("Resources/templates"),
                .copy("Resources/assets"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyLanguage",
                "ParleyGlossary",
                "ParleyHTTP",
                "ParleyTranslation",
                "ParleyThreads",
                "ParleyMessaging",
                "ParleyServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyLanguageTests",
            dependencies: ["ParleyLanguage", "ParleyTesting", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyGlossaryTests",
            dependencies: [
                "ParleyGlossary", "ParleyLanguage", "ParleyTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Read from the source tree (through #filePath), not bundled.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyTranslationTests",
            dependencies: [
                "ParleyHTTP", "ParleyTranslation", "ParleyLanguage", "ParleyGlossary", "ParleyTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Read from the source tree (next to the tests, through #filePath), not bundled.
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyThreadsTests",
            dependencies: [
                "ParleyThreads", "ParleyHTTP", "ParleyTranslation", "ParleyLanguage", "ParleyGlossary", "ParleyThreadsTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyMessagingTests",
            dependencies: [
                "ParleyMessaging", "ParleyThreads", "ParleyHTTP", "ParleyTranslation", "ParleyLanguage", "ParleyThreadsTesting", "ParleyTesting",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyServer", "ParleyMessaging", "ParleyHTTP", "ParleyTranslation", "ParleyLanguage", "ParleyGlossary", "ParleyThreads", "ParleyTesting",
                "ParleyThreadsTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                // The database fault suite holds SQLite's write lock from a connection of its own.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyCLITests",
            dependencies: ["parley", "ParleyThreads", "ParleyHTTP", "ParleyTranslation", "ParleyLanguage", "ParleyThreadsTesting", "ParleyTesting", "ParleyMessaging", "ParleyServer", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: swiftSettings
        ),
    ]
)
