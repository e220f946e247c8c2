/// Finds the parts of a message that are not language — links, e-mail addresses, @handles,
/// #tags and `{{template variables}}` — and blanks them, so they cannot sway detection.
enum NonLinguisticSpans {
    private static let domainEndings: Set<String> = ["com", "org", "net", "io", "co", "us", "ly", "gl", "me", "app", "info", "biz"]

    /// Replaces every non-linguistic span in `scalars` with spaces.
    static func blank(_ scalars: inout [Unicode.Scalar]) {
        blankTemplateVariables(&scalars)
        var start = 0
        while start < scalars.count {
            if isWhitespace(scalars[start]) {
                start += 1
                continue
            }
            var end = start
            var mayBeLink = false
            while end < scalars.count, !isWhitespace(scalars[end]) {
                // Every link, address, handle or domain has one of these.
                if scalars[end] == "." || scalars[end] == "@" || scalars[end] == "#" || scalars[end] == ":" { mayBeLink = true }
                end += 1
            }
            if !mayBeLink {
                start = end
                continue
            }
            if isNonLinguistic(scalars[start..<end]) {
                for index in start..<end { scalars[index] = " " }
            }
            start = end
        }
    }

    @inline(__always)
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : ScalarClass.flags(scalar) & ScalarClass.whitespace != 0
    }

    /// `{{...}}` up to the closing braces (on one line).
    private static func blankTemplateVariables(_ scalars: inout [Unicode.Scalar]) {
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "{", scalars[index + 1] == "{" else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}"), scalars[end] != "\n" {
                end += 1
            }
            guard end + 1 < scalars.count, scalars[end] == "}" else {
                index += 2
                continue
            }
            for position in index...(end + 1) { scalars[position] = " " }
            index = end + 2
        }
    }

    /// Whether a whitespace-free chunk is a link, an e-mail address, a handle or a bare domain.
    static func isNonLinguistic(_ chunk: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = chunk.first else { return false }
        if first == "@" || first == "#" { return true }
        let lower = chunk.map { $0.isASCII ? Unicode.Scalar(UInt8($0.value).lowercasedASCII) : $0 }
        if contains(lower, "://") || starts(lower, with: "www.") { return true }
        if let at = lower.firstIndex(of: "@"), lower[at...].contains(".") { return true }
        // A bare domain such as example.com or example.com/path.
        let host = lower.prefix { $0 != "/" }
        guard let dot = host.lastIndex(of: ".") else { return false }
        let ending = String(String.UnicodeScalarView(host[(dot + 1)...].prefix { $0.properties.isAlphabetic }))
        return domainEndings.contains(ending)
            && host[..<dot].allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "." || $0 == "-") }
            && !host[..<dot].isEmpty
    }

    private static func contains(_ scalars: [Unicode.Scalar], _ needle: String) -> Bool {
        let pattern = Array(needle.unicodeScalars)
        guard scalars.count >= pattern.count else { return false }
        return (0...(scalars.count - pattern.count)).contains { start in
            scalars[start..<(start + pattern.count)].elementsEqual(pattern)
        }
    }

    private static func starts(_ scalars: [Unicode.Scalar], with prefix: String) -> Bool {
        scalars.starts(with: prefix.unicodeScalars)
    }
}

extension UInt8 {
    var lowercasedASCII: UInt8 { (0x41...0x5A).contains(self) ? self + 0x20 : self }
}
