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
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
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
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyLanguage",
                "ParleyGlossary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyLanguageTests",
            dependencies: ["ParleyLanguage"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyGlossaryTests",
            dependencies: ["ParleyGlossary"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyCLITests",
            dependencies: ["parley"],
            swiftSettings: swiftSettings
        ),
    ]
)
