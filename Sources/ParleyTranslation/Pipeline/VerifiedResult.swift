/// A translation that passed restore and verify, as the cache keeps it under
/// ``TranslationPipeline/verifiedResultKey(_:pair:)``: the text and what provenance and warnings
/// need to say about it.
struct VerifiedResult: Hashable {
    var text: String
    var style: PlaceholderStyle
    var attempts: Int
    var protectedSpans: Int
    var glossaryTerms: Int
    var warnings: [PipelineWarning]

    init(text: String, style: PlaceholderStyle, attempts: Int, protectedSpans: Int, glossaryTerms: Int, warnings: [PipelineWarning]) {
        self.text = text
        self.style = style
        self.attempts = attempts
        self.protectedSpans = protectedSpans
        self.glossaryTerms = glossaryTerms
        self.warnings = warnings
    }

    /// Reads a cached value; nil when it is not one (an older format), which counts as a miss.
    init?(decoding value: String) {
        // `v1`, then each field as its UTF-8 length, `:` and its bytes (see ``encoded``).
        var fields: [Substring] = []
        var rest = Substring(value)
        guard rest.hasPrefix("v1\n") else { return nil }
        rest = rest.dropFirst(3)
        while !rest.isEmpty {
            guard let colon = rest.firstIndex(of: ":"), let length = Int(rest[..<colon]), length >= 0 else { return nil }
            let bytes = rest.utf8[rest.utf8.index(after: colon)...]
            guard bytes.count >= length else { return nil }
            let end = bytes.index(bytes.startIndex, offsetBy: length)
            fields.append(Substring(bytes[bytes.startIndex..<end]))
            rest = Substring(bytes[end...])
        }
        guard fields.count >= 5, fields.count % 2 == 1, let style = PlaceholderStyle(rawValue: String(fields[1])),
            let attempts = Int(fields[2]), let spans = Int(fields[3]), let terms = Int(fields[4])
        else { return nil }
        var warnings: [PipelineWarning] = []
        var index = 5
        while index + 1 < fields.count {
            guard let kind = PipelineWarning.Kind(rawValue: String(fields[index])) else { return nil }
            warnings.append(PipelineWarning(kind, String(fields[index + 1])))
            index += 2
        }
        self.init(text: String(fields[0]), style: style, attempts: attempts, protectedSpans: spans, glossaryTerms: terms, warnings: warnings)
    }

    /// The value kept in the cache: length-prefixed fields, unambiguous whatever the text holds.
    var encoded: String {
        var output = "v1\n"
        func field(_ value: String) { output += "\(value.utf8.count):\(value)" }
        field(text)
        field(style.rawValue)
        field(String(attempts))
        field(String(protectedSpans))
        field(String(glossaryTerms))
        for warning in warnings {
            field(warning.kind.rawValue)
            field(warning.message)
        }
        return output
    }

    func apply(to report: inout TranslationPipeline.Report, origin: TranslationProvenance.Origin, backend: String) {
        report.status = .translated
        report.text = text
        report.warnings += warnings
        report.provenance.origin = origin
        report.provenance.backend = backend
        report.provenance.placeholderStyle = style
        report.provenance.attempts = attempts
        report.provenance.protectedSpans = protectedSpans
        report.provenance.glossaryTerms = glossaryTerms
    }
}
