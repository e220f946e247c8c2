import Foundation

/// An HTTP method and a path in OpenAPI's spelling (`/v1/conversations/{id}/messages`).
struct APIOperation: Hashable, Comparable, CustomStringConvertible {
    var method: String
    var path: String

    var description: String { "\(method.uppercased()) \(path)" }

    static func < (lhs: APIOperation, rhs: APIOperation) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
}

/// The routes `Sources/ParleyServer` registers, read from its source, since Hummingbird's router
/// has no public list of them.
///
/// `App/Application+Build.swift` says where each controller is mounted (`X(…).addRoutes(to: router)`
/// or `to: v1`, with `let v1 = router.group("v1")`); each controller's file registers paths on its
/// `router` or `group` parameter (`group.get("conversations/:id/messages", …)`). Anything the scan
/// does not understand is a problem, so a new way of registering routes fails the test instead of
/// going unseen.
///
/// The web panel (`Web/`: HTML pages, sign-in and assets) is not part of the API and is left out;
/// `WebTests` covers it.
enum RouteScan {
    struct Result {
        var operations: Set<APIOperation> = []
        var problems: [String] = []
    }

    static let methods = ["get", "post", "put", "delete", "patch", "head", "options"]

    static func scan(_ sources: URL) throws -> Result {
        var result = Result()
        let buildFile = sources.appendingPathComponent("App/Application+Build.swift")
        let build = try String(contentsOf: buildFile, encoding: .utf8)

        // Groups: `let v1 = router.group("v1")`; the router itself is the root.
        var groups = ["router": ""]
        for match in matches(#"let (\w+) = router\.group\("([^"]*)"\)"#, in: build) {
            groups[match[1]] = "/" + match[2].trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        }
        // Mounts: `SomeController(…).addRoutes(to: v1)`.
        var mounts: [String: String] = [:]
        for match in matches(#"(\w+)\([^()]*\)\.addRoutes\(to: (\w+)\)"#, in: build) {
            guard let prefix = groups[match[2]] else {
                result.problems.append("Application+Build.swift mounts \(match[1]) on '\(match[2])', which is not a known group")
                continue
            }
            mounts[match[1]] = prefix
        }

        let registration = #"\b(\w+)\.(\#(methods.joined(separator: "|"))|on)\(\s*"([^"]*)""#
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return result }
        for case let file as URL in files where file.pathExtension == "swift" && !file.path.contains("/Web/") {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.lastPathComponent
            let type = matches(#"(?m)^(?:struct|extension|enum|final class|class) (\w+)"#, in: text).first?[1]
            let isBuildFile = file.standardizedFileURL == buildFile.standardizedFileURL
            for match in matches(registration, in: text) {
                let receiver = match[1]
                let prefix: String
                if isBuildFile {
                    guard let group = groups[receiver] else { continue }
                    prefix = group
                } else {
                    guard receiver == "router" || receiver == "group" else { continue }
                    guard let type, let mount = mounts[type] else {
                        result.problems.append("\(name) registers '\(match[3])' but \(type ?? "its type") is not mounted in Application+Build.swift")
                        continue
                    }
                    prefix = mount
                }
                guard match[2] != "on" else {
                    result.problems.append("\(name) registers '\(match[3])' with on(_:method:), which this scan does not read")
                    continue
                }
                result.operations.insert(APIOperation(method: match[2], path: openAPIPath(prefix, match[3])))
            }
            if !isBuildFile, text.contains(".group(") {
                result.problems.append("\(name) makes a nested route group, which this scan does not read")
            }
            if !isBuildFile, text.contains("func addRoutes("), let type, mounts[type] == nil {
                result.problems.append("\(name): \(type) has addRoutes but is not mounted in Application+Build.swift")
            }
        }
        return result
    }

    /// `/v1` and `conversations/:id/messages` as `/v1/conversations/{id}/messages`.
    static func openAPIPath(_ prefix: String, _ path: String) -> String {
        let segments = (prefix + "/" + path).split(separator: "/").map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }
        return "/" + segments.joined(separator: "/")
    }

    /// Each match's capture groups (0 is the whole match).
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }
}
