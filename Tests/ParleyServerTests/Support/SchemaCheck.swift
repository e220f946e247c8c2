import Foundation

/// Checks a JSON value against a schema of the OpenAPI document in spirit: objects have only
/// documented properties (unless `additionalProperties` says otherwise) and every required one,
/// values have the documented type, enum, const and uuid or date-time format. `$ref`s to
/// `#/components/schemas/…` are followed. Composition keywords (`allOf`, `oneOf`, …) are not read.
/// Unchecked `Sendable`: the schemas are never changed after it is made.
struct SchemaCheck: @unchecked Sendable {
    /// The document's `components.schemas`.
    let schemas: [String: Any]

    /// Every mismatch, each with the JSON path where it is; empty when the value fits.
    /// - Parameters:
    ///   - value: a value from `JSONSerialization`.
    ///   - schema: the schema, or a `$ref` to one.
    ///   - path: where the value is, for messages.
    func mismatches(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let prefix = "#/components/schemas/"
            guard reference.hasPrefix(prefix), let target = schemas[String(reference.dropFirst(prefix.count))] as? [String: Any] else {
                return ["\(path): unresolved $ref \(reference)"]
            }
            return mismatches(value, target, at: path)
        }
        var found: [String] = []
        if let constant = schema["const"] as? String, value as? String != constant {
            found.append("\(path): expected const '\(constant)', got \(value)")
        }
        if let choices = schema["enum"] as? [Any] {
            let names = choices.map { "\($0)" }
            if !names.contains("\(value)") { found.append("\(path): '\(value)' is not one of \(names)") }
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return found + ["\(path): expected an object, got \(value)"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(path): required property '\(name)' is missing")
            }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] as? [String: Any] {
                    found += mismatches(member, property, at: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    found += mismatches(member, additional, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool != true {
                    found.append("\(path): property '\(key)' is not in the schema (documented: \(properties.keys.sorted()))")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return found + ["\(path): expected an array, got \(value)"] }
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in array.enumerated() { found += mismatches(element, items, at: "\(path)[\(index)]") }
            }
        case "string":
            guard let string = value as? String else { return found + ["\(path): expected a string, got \(value)"] }
            switch schema["format"] as? String {
            case "uuid" where UUID(uuidString: string) == nil: found.append("\(path): '\(string)' is not a uuid")
            case "date-time" where ISO8601DateFormatter().date(from: string) == nil:
                found.append("\(path): '\(string)' is not an ISO 8601 date-time")
            default: break
            }
        case "integer":
            if value is String || value is [Any] || value is [String: Any] || value as? Int == nil {
                found.append("\(path): expected an integer, got \(value)")
            }
        case "number":
            if value is String || value as? Double == nil { found.append("\(path): expected a number, got \(value)") }
        case "boolean":
            if value is String || value as? Bool == nil { found.append("\(path): expected a boolean, got \(value)") }
        default:
            break
        }
        return found
    }
}
