public import Foundation
internal import Logging
internal import ParleyLanguage
public import ParleyThreads
internal import ParleyTranslation

/// The translation memory's workflows: a rep flags a translation and may propose better wording,
/// admins review the queue (approve, edit, reject), add entries, and read the history.
extension Messaging {
    /// The longest sentence or wording an entry takes, in characters.
    static let memoryTextLimit = 1_600

    /// Flags a reply the contact was sent as badly translated: proposes the rep's wording, or asks
    /// an admin for one. The entry waits for an admin; once approved, every preview of the
    /// industry uses it.
    ///
    /// A proposal with as many sentences as the reply becomes one entry per sentence (each reused
    /// on its own); otherwise one entry for the whole reply. Times, amounts, links and the other
    /// values the wording repeats become variables, so the entry serves other values too.
    /// - Parameters:
    ///   - messageID: the reply, sent or queued.
    ///   - proposal: the wording the rep proposes, in the contact's language; nil or empty to ask
    ///     an admin for one.
    ///   - note: what is wrong, for the admin.
    ///   - identity: the rep (or an admin) who flags it.
    /// - Returns: the entries proposed.
    public func flagTranslation(
        of messageID: UUID, proposal: String?, note: String?, by identity: Identity
    ) async throws(MessagingError) -> [StoredMemoryEntry] {
        let industry = try memoryIndustry()
        let store = self.store
        let message = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.message(id: messageID) }
        let thread = try await access(identity).conversation(message.conversationID)
        guard message.direction == .outbound, let sent = message.sentText, !sent.isEmpty else {
            throw .invalidInput(
                "Not a translated reply",
                "Only a reply that was translated for the contact can be flagged; an inbound message's English is not kept in the memory.")
        }
        // The engine's own wording sent back unchanged proposes nothing: it asks for a review.
        let proposal = Self.trimmed(proposal).flatMap { $0 == sent.trimmingCharacters(in: .whitespacesAndNewlines) ? nil : $0 }
        let note = Self.trimmed(note)
        guard proposal != nil || note != nil else {
            throw .invalidInput("Nothing to review", "Change the wording, or say what is wrong, so an admin can fix it.")
        }
        try Self.checkLength(proposal, "The proposed wording")
        try Self.checkLength(note, "The note")
        let context = try await context(of: thread, before: nil)
        let pipeline = self.pipeline
        let source = pipeline.configuration.repLanguage
        guard let target = context.contactLanguage, target.language != source.language else {
            throw .invalidInput("No translation to flag", "This reply went out in English, so there is no translation to improve.")
        }
        let pair = LanguagePair(source, target)
        let author = try await personName(identity)
        let glossary = pipeline.glossary
        var drafts: [MemoryEntryDraft] = []
        for (english, wording, machine) in Self.sentencePairs(message.original, proposal, machine: sent) {
            let machineForm = MemoryForm(source: english, target: machine, pair: pair, glossary: glossary)
            let form = wording.map { MemoryForm(source: english, target: $0, pair: pair, glossary: glossary) }
            // The variables the rep's wording keeps, else those the engine's does.
            let chosen = form ?? machineForm
            drafts.append(MemoryEntryDraft(
                industry: industry, sourceLanguage: source, targetLanguage: target, source: chosen.source, sourceKey: chosen.key,
                target: form?.target ?? "", status: .proposed, origin: .rep, note: note,
                machineTarget: machineForm.source == chosen.source ? machineForm.target : machine,
                messageID: message.id, createdBy: author))
        }
        let now = self.now()
        let entries = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.addMemoryEntries(drafts, replacing: false, at: now)
        }
        logger.info("translation flagged", metadata: ["message": "\(message.id)", "entries": "\(entries.count)"])
        return entries
    }

    /// The industry's entries for admins, most recently changed first.
    /// - Parameters:
    ///   - status: only entries in this state (`proposed` for the review queue); nil for all.
    ///   - limit: the most entries to return.
    ///   - identity: an admin.
    public func memoryEntries(
        status: StoredMemoryEntry.Status?, limit: Int = 200, by identity: Identity
    ) async throws(MessagingError) -> [StoredMemoryEntry] {
        try Self.requireAdmin(identity)
        let industry = try memoryIndustry()
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.memoryEntries(industry: industry, status: status, limit: max(1, min(limit, 1_000)))
        }
    }

    /// One entry with its history, for admins.
    public func memoryEntry(_ id: UUID, by identity: Identity) async throws(MessagingError) -> (entry: StoredMemoryEntry, history: [MemoryHistoryEntry]) {
        try Self.requireAdmin(identity)
        let industry = try memoryIndustry()
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            let entry = try await store.memoryEntry(id: id)
            return (entry, try await store.memoryHistory(entryID: id, industry: industry, limit: 100))
        }
    }

    /// The industry's memory history, newest first: who proposed, approved, edited or rejected what.
    public func memoryHistory(limit: Int = 200, by identity: Identity) async throws(MessagingError) -> [MemoryHistoryEntry] {
        try Self.requireAdmin(identity)
        let industry = try memoryIndustry()
        let store = self.store
        return try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.memoryHistory(entryID: nil, industry: industry, limit: max(1, min(limit, 1_000)))
        }
    }

    /// An admin approves, edits or rejects an entry. The wording must keep the sentence's
    /// variables; an approved entry is used by the next preview on every replica.
    /// - Parameters:
    ///   - id: the entry.
    ///   - decision: approve, reject or save.
    ///   - target: the wording, with the sentence's variables; nil keeps the entry's.
    ///   - note: the admin's remark; nil keeps the entry's.
    ///   - identity: an admin.
    /// - Throws: ``MessagingError/Code/conflict`` when someone else reviewed it meanwhile.
    public func reviewMemoryEntry(
        _ id: UUID, _ decision: MemoryDecision, target: String?, note: String?, by identity: Identity
    ) async throws(MessagingError) -> StoredMemoryEntry {
        try Self.requireAdmin(identity)
        let store = self.store
        let entry = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.memoryEntry(id: id) }
        let wording = Self.trimmed(target) ?? entry.target
        let note = Self.trimmed(note)
        try Self.checkLength(wording, "The wording")
        try Self.checkLength(note, "The note")
        if decision != .reject {
            if decision == .approve, wording.isEmpty {
                throw .invalidInput("No wording", "Write the wording in \(entry.targetLanguage.identifier) before approving it.")
            }
            if !wording.isEmpty { try Self.checkVariables(source: entry.source, target: wording) }
            if decision == .approve || entry.status == .approved {
                try checkGlossary(wording, for: entry.source, pair: LanguagePair(entry.sourceLanguage, entry.targetLanguage))
            }
        }
        let status: StoredMemoryEntry.Status =
            switch decision {
            case .approve: .approved
            case .reject: .rejected
            case .save: entry.status
            }
        let author = try await personName(identity)
        let now = self.now()
        do {
            return try await store.reviewMemoryEntry(
                id: id, status: status, target: wording, note: note, by: author, at: now, onlyFrom: [entry.status])
        } catch {
            if error.code == .conflict {
                throw MessagingError(
                    code: .conflict, title: "Reviewed meanwhile",
                    message: "Someone else changed this entry while you were reviewing it; reload it and review it again.")
            }
            throw MessagingError(error)
        }
    }

    /// An admin adds an approved entry: an English sentence and its wording in a language. Values
    /// on both sides (times, amounts, links…) become variables.
    public func addMemoryEntry(
        source: String, target: String, language: String, note: String?, by identity: Identity
    ) async throws(MessagingError) -> StoredMemoryEntry {
        try Self.requireAdmin(identity)
        let industry = try memoryIndustry()
        let targetLanguage = try Self.language(language)
        guard let english = Self.trimmed(source), let wording = Self.trimmed(target) else {
            throw .invalidInput("Missing text", "Write the English sentence and its wording.")
        }
        try Self.checkLength(english, "The sentence")
        try Self.checkLength(wording, "The wording")
        let pipeline = self.pipeline
        let sourceLanguage = pipeline.configuration.repLanguage
        let form = MemoryForm(source: english, target: wording, pair: LanguagePair(sourceLanguage, targetLanguage), glossary: pipeline.glossary)
        try Self.checkVariables(source: form.source, target: form.target)
        try checkGlossary(form.target, for: form.source, pair: LanguagePair(sourceLanguage, targetLanguage))
        let author = try await personName(identity)
        let draft = MemoryEntryDraft(
            industry: industry, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, source: form.source,
            sourceKey: form.key, target: form.target, status: .approved, origin: .admin, note: Self.trimmed(note), createdBy: author)
        let store = self.store
        let now = self.now()
        let added = try await MessagingError.store { () async throws(ThreadStoreError) in
            try await store.addMemoryEntries([draft], replacing: false, at: now)
        }
        guard let entry = added.first else { throw .invalidInput("Not added", "The entry could not be added; try again.") }
        return entry
    }

    // MARK: - Rules

    /// The industry whose memory is kept; an error for a service that keeps none.
    public func memoryIndustry() throws(MessagingError) -> String {
        guard let industry = configuration.industry, !industry.isEmpty else {
            throw MessagingError(
                code: .unavailable, title: "No translation memory",
                message: "This Parley translates for no industry, so it keeps no translation memory; an admin starts it with an industry (--industry).")
        }
        return industry
    }

    static func requireAdmin(_ identity: Identity) throws(MessagingError) {
        if case .admin = identity { return }
        throw .forbidden("Only admins review wording", "Reps propose wording from a thread; an admin approves, edits or rejects it.")
    }

    /// A wording keeps exactly the sentence's variables, each once.
    static func checkVariables(source: String, target: String) throws(MessagingError) {
        let entry = MemoryEntry(id: "", sourceLanguage: .und, targetLanguage: .und, source: source, target: target)
        guard !entry.variablesAgree else { return }
        let wanted = MemoryForm.variableRanges(in: source).map(\.token)
        let list = wanted.isEmpty ? "no variables" : "the variables " + wanted.joined(separator: ", ") + ", each once"
        throw .invalidInput(
            "Variables do not match",
            "The wording must keep \(list), as the sentence has; they stand for the time, amount, link or name of each message.")
    }

    /// Approved wording agrees with the industry's glossary, or replies would never use it.
    func checkGlossary(_ wording: String, for sentence: String, pair: LanguagePair) throws(MessagingError) {
        let problems = pipeline.glossaryProblems(in: wording, for: sentence, pair: pair)
        guard !problems.isEmpty else { return }
        throw .invalidInput(
            "Wording disagrees with the glossary",
            "Replies would not use this wording: \(problems.joined(separator: "; ")). Use the glossary's terms, or change the glossary first.")
    }

    /// Refuses memory text that is too long, or holds a character no TMX file can (a control
    /// character but tab and line breaks, U+FFFE, U+FFFF): kept, it would make every export fail.
    static func checkLength(_ text: String?, _ what: String) throws(MessagingError) {
        guard let text else { return }
        if text.count > memoryTextLimit {
            throw .invalidInput("Too long", "\(what) has \(text.count) characters; at most \(memoryTextLimit) are kept. Shorten it.")
        }
        let unwritable = text.unicodeScalars.first { scalar in
            (scalar.value < 0x20 && !["\t", "\n", "\r"].contains(scalar)) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
        }
        if let unwritable {
            let hex = String(unwritable.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw .invalidInput("Invisible character", "\(what) contains \(code), a control character a TMX file cannot hold; remove it.")
        }
    }

    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// The reply's sentences with the proposal's and the engine's when all three have as many;
    /// otherwise the whole of each.
    static func sentencePairs(_ english: String, _ proposal: String?, machine: String) -> [(String, String?, String)] {
        func split(_ text: String) -> [String] {
            ICU.sentences(in: text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        let sentences = split(english)
        let machines = split(machine)
        let proposals = proposal.map(split)
        guard sentences.count > 1, machines.count == sentences.count, proposals == nil || proposals!.count == sentences.count else {
            return [(english.trimmingCharacters(in: .whitespacesAndNewlines), proposal, machine)]
        }
        return sentences.indices.map { (sentences[$0], proposals?[$0], machines[$0]) }
    }

    /// Who history lines show for a person: their email, as the glossary change log does.
    func personName(_ identity: Identity) async throws(MessagingError) -> String {
        guard let id = identity.personID else { return "messaging core" }
        let store = self.store
        let rep = try await MessagingError.store { () async throws(ThreadStoreError) in try await store.rep(id: id) }
        return rep.email
    }
}
