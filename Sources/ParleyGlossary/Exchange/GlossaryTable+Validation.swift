internal import ParleyLanguage

extension GlossaryTable {
    /// Problems of the table itself, by line: unusable terms; in equivalent sets, a term that two
    /// rows give to different concepts; in pairs, a source term listed twice (DeepL rejects them).
    public func issues(file: String) -> [GlossaryIssue] {
        var issues: [GlossaryIssue] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            for (position, (language, text)) in row.terms.enumerated() {
                if let problem = GlossaryValidator.textProblem(text) {
                    issues.append(GlossaryIssue(file: file, line: row.line, term: text, message: problem))
                    continue
                }
                let isPairTarget = position == 1 && { if case .pair = shape { true } else { false } }()
                if isPairTarget { continue }
                let key = "\(language)\u{0}\(TermFolding.lenientKey(text))"
                if let line = firstLine[key] {
                    let what = if case .pair = shape { "duplicate source term (providers reject them)" } else {
                        "conflicting term: the same \(language) term names the concept of line \(line) too"
                    }
                    issues.append(GlossaryIssue(file: file, line: row.line, term: text, message: "\(what), first on line \(line)"))
                } else {
                    firstLine[key] = row.line
                }
            }
        }
        return issues
    }
}
