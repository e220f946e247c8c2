public import Foundation
internal import Logging
internal import ParleyGlossary
internal import ParleyLanguage
internal import ParleyThreads
internal import ParleyTranslation

/// TMX 1.4b in and out of the translation memory: an admin's import (merge or replace) and export,
/// and the starter memory a service brings in when its industry has none.
extension Messaging {
    /// The most entries one transaction adds.
    static let importBatch = 500

    /// An admin imports a TMX file as approved entries of the industry: the English segment of each
    /// unit with each of its other languages. Values both sides show become variables; wording that
    /// disagrees with the glossary waits in the review queue with why; a unit that cannot be used is
    /// refused with why, and the rest is imported.
    /// - Parameters:
    ///   - data: the file.
    ///   - name: its name, for messages.
    ///   - replace: true to supersede first the approved entries of the languages the file has.
    ///   - identity: an admin.
    public func importMemory(
        _ data: Data, name: String, replace: Bool, by identity: Identity
    ) async throws(MessagingError) -> MemoryImportReport {
        try Self.requireAdmin(identity)
        let author = try await personName(identity)
        return try await importMemory(data, name: name, replace: replace, origin: .imported, author: author)
    }

    /// Brings in a starter memory (approved, origin `starter`) when the industry's memory has no
    /// entries at all; nil when it has some, so an admin's rejections are never undone.
    /// - Parameters:
    ///   - data: the TMX file (`memories/<industry>.tmx`).
    ///   - name: its name, for messages.
    public func importStarterMemory(_ data: Data, name: String) async throws(MessagingError) -> MemoryImportReport? {
        let industry = try memoryIndustry()
        let store = self.store
        let existing = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.memoryEntries(industry: industry, status: nil, limit: 1)
        }
        guard existing.isEmpty else { return nil }
        let report = try await importMemory(data, name: name, replace: false, origin: .starter, author: "starter")
        logger.info("starter translation memory imported", metadata: ["industry": "\(industry)", "entries": "\(report.added)"])
        return report
    }

    func importMemory(
        _ data: Data, name: String, replace: Bool, origin: StoredMemoryEntry.Origin, author: String
    ) async throws(MessagingError) -> MemoryImportReport {
        let industry = try memoryIndustry()
        let outcome: TMXReader.Outcome
        do {
            outcome = try TMXReader().read(data, file: name)
        } catch {
            throw .invalidInput("Unreadable TMX file", error.description)
        }
        let pipeline = self.pipeline
        let rep = pipeline.configuration.repLanguage
        let glossary = pipeline.glossary
        var refused = outcome.refused.map { MemoryImportReport.Refusal(unit: $0.unitID ?? "line \($0.line)", reason: $0.reason) }
        var drafts: [MemoryEntryDraft] = []
        for (number, unit) in outcome.document.units.enumerated() {
            let label = unit.id ?? "unit \(number + 1)"
            var sourceCode = unit.sourceLanguage ?? outcome.document.header.sourceLanguage
            if sourceCode == TMXDocument.allLanguages { sourceCode = rep.identifier }
            guard let sourceTag = LanguageTag(sourceCode), sourceTag.language == rep.language,
                let source = unit.variants.first(where: { LanguageTag($0.language)?.language == rep.language })
            else {
                refused.append(.init(unit: label, reason: "It has no \(rep.identifier) segment; the memory translates the reps' \(rep.identifier)."))
                continue
            }
            let english = source.text.trimmingCharacters(in: .whitespacesAndNewlines)
            for variant in unit.variants where LanguageTag(variant.language)?.language != rep.language {
                guard let target = LanguageTag(variant.language), !target.isUndetermined else {
                    refused.append(.init(unit: label, reason: "'\(variant.language)' is not a language tag such as es or zh-Hans."))
                    continue
                }
                let wording = variant.text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !english.isEmpty, !wording.isEmpty else {
                    refused.append(.init(unit: label, reason: "Its \(target.identifier) or \(rep.identifier) segment is empty."))
                    continue
                }
                guard english.count <= Self.memoryTextLimit, wording.count <= Self.memoryTextLimit else {
                    refused.append(.init(unit: label, reason: "A segment is longer than \(Self.memoryTextLimit) characters."))
                    continue
                }
                let form = MemoryForm(source: english, target: wording, pair: LanguagePair(rep, target), glossary: glossary)
                let entry = MemoryEntry(id: "", sourceLanguage: rep, targetLanguage: target, source: form.source, target: form.target)
                guard entry.variablesAgree else {
                    refused.append(.init(
                        unit: label, reason: "Its \(target.identifier) segment does not have the variables of the English one (\(form.variables.joined(separator: ", ")))."))
                    continue
                }
                // Wording that disagrees with the glossary would never be used: it waits for an admin.
                let problems = pipeline.glossaryProblems(in: form.target, for: form.source, pair: LanguagePair(rep, target))
                let note = problems.isEmpty
                    ? unit.notes.first : "Disagrees with the glossary: \(problems.joined(separator: "; ")). Reword it or change the glossary."
                drafts.append(MemoryEntryDraft(
                    industry: industry, sourceLanguage: rep, targetLanguage: target, source: form.source, sourceKey: form.key,
                    target: form.target, status: problems.isEmpty ? .approved : .proposed, origin: origin, note: note,
                    externalID: unit.id, createdBy: author))
            }
        }
        let store = self.store
        let languages = Array(Set(drafts.map(\.targetLanguage)))
        let before = try await MessagingError.store { () async throws(ThreadStoreError) in
            languages.isEmpty ? [] : try await store.approvedMemoryEntries(industry: industry, sourceLanguage: rep, targetLanguages: languages)
        }
        let keys = Set(drafts.filter { $0.status == .approved }.map { "\($0.targetLanguage.identifier)\u{1F}\($0.sourceKey)" })
        let superseded = replace ? before.count : before.count { keys.contains("\($0.targetLanguage.identifier)\u{1F}\($0.sourceKey)") }
        let now = self.now()
        var added = 0
        var start = 0
        while start < drafts.count {
            let batch = Array(drafts[start..<min(start + Self.importBatch, drafts.count)])
            let first = start == 0
            added += try await MessagingError.store { () async throws(ThreadStoreError) in
                try await store.addMemoryEntries(batch, replacing: replace && first, at: now).count
            }
            start += Self.importBatch
        }
        return MemoryImportReport(
            added: added, toReview: drafts.count { $0.status == .proposed }, superseded: superseded, refused: refused)
    }

    /// An admin exports the industry's approved entries as TMX 1.4b: one unit per English sentence,
    /// with its wording in each language; variables as `<ph>` codes.
    /// - Parameters:
    ///   - language: only this language's wording; nil for all.
    ///   - identity: an admin.
    public func exportMemory(language: String?, by identity: Identity) async throws(MessagingError) -> String {
        try Self.requireAdmin(identity)
        let industry = try memoryIndustry()
        let only = try language.map { (code: String) throws(MessagingError) in try Self.language(code) }
        let store = self.store
        let entries = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.memoryEntries(industry: industry, status: .approved, limit: 1_000_000)
        }
        let rep = pipeline.configuration.repLanguage
        var order: [String] = []
        var units: [String: (source: String, id: String?, variants: [TMXVariant])] = [:]
        for entry in entries.sorted(by: { $0.createdAt < $1.createdAt }) where only == nil || entry.targetLanguage == only {
            let key = entry.sourceKey
            if units[key] == nil {
                order.append(key)
                units[key] = (entry.source, entry.externalID, [TMXVariant(language: rep.identifier, segment: Self.parts(entry.source))])
            }
            units[key]?.variants.append(TMXVariant(language: entry.targetLanguage.identifier, segment: Self.parts(entry.target)))
        }
        let document = TMXDocument(
            header: .init(sourceLanguage: rep.identifier, creationTool: "Parley", properties: [TMXProperty(type: "x-industry", value: industry)]),
            units: order.compactMap { key in
                units[key].map { TMXUnit(id: $0.id, properties: [TMXProperty(type: "x-industry", value: industry)], variants: $0.variants) }
            })
        do {
            return try TMXWriter().write(document)
        } catch {
            throw MessagingError(code: .unavailable, title: "Export failed", message: error.description)
        }
    }

    /// A text in memory form as TMX parts: its variables as codes.
    static func parts(_ text: String) -> [TMXVariant.Part] {
        var parts: [TMXVariant.Part] = []
        var cursor = text.startIndex
        for (token, range) in MemoryForm.variableRanges(in: text) {
            if cursor < range.lowerBound { parts.append(.text(String(text[cursor..<range.lowerBound]))) }
            parts.append(.code(token))
            cursor = range.upperBound
        }
        if cursor < text.endIndex { parts.append(.text(String(text[cursor...]))) }
        return parts
    }
}
