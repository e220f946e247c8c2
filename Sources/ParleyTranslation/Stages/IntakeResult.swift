internal import ParleyLanguage

public struct IntakeResult: Sendable, Hashable {
    /// The body exactly as received, after UTF-8 decoding: keep it for the audit record and for
    /// showing the contact's own words.
    public var original: String
    /// The text later stages work on: NFC, line breaks as LF, controls and bidi controls neutralized.
    public var text: String
    /// What was changed or noticed, one entry per kind, in the order first met.
    public var issues: [IntakeIssue]
    /// The length of ``text`` in characters (grapheme clusters).
    public var length: Int
    /// Whether ``text`` has anything but whitespace; false for an empty or blank body.
    public var hasContent: Bool

    /// - Parameters:
    ///   - original: The body as received.
    ///   - text: The neutralized, normalized text.
    ///   - issues: What was changed or noticed.
    ///   - length: The length of `text` in characters.
    ///   - hasContent: Whether `text` has anything but whitespace.
    public init(original: String, text: String, issues: [IntakeIssue], length: Int, hasContent: Bool) {
        self.original = original
        self.text = text
        self.issues = issues
        self.length = length
        self.hasContent = hasContent
    }

    /// The issue of a kind, if there was one.
    ///
    /// - Parameters:
    ///   - kind: The kind of issue.
    public func issue(_ kind: IntakeIssue.Kind) -> IntakeIssue? {
        issues.first { $0.kind == kind }
    }
}

/// Something ``IntakeStage`` changed in (or noticed about) a message's text; the original is untouched.
