import Foundation
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Testing

/// The translation memory: entries proposed, added, reviewed and superseded, their history, and the
/// revision that tells a process to rebuild its index, on both stores.
@Suite struct MemoryStoreTests {
    @Test(arguments: StoreKind.allCases) func addsEntriesWithTheirHistory(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let message = UUID()
            let proposal = MemoryEntryDraft(
                industry: "hvac", sourceLanguage: english, targetLanguage: spanish,
                source: "  Your technician will arrive at {time}. ",
                sourceKey: "your technician will arrive at {time}.",
                target: "Su técnico llegará a las {time}.", status: .proposed, origin: .rep, note: "Sounds robotic",
                machineTarget: "Tu técnico llegará en {time}.", messageID: message, createdBy: "Dana")
            let added = try await store.addMemoryEntries(
                [proposal, draft("We accept cards.", "Aceptamos tarjetas.", external: "tu-7")], replacing: false,
                at: clock.date)
            #expect(added.count == 2)
            let proposed = added[0]
            #expect(proposed.industry == "hvac")
            #expect(proposed.sourceLanguage == english)
            #expect(proposed.targetLanguage == spanish)
            #expect(proposed.source == "Your technician will arrive at {time}.")
            #expect(proposed.sourceKey == "your technician will arrive at {time}.")
            #expect(proposed.target == "Su técnico llegará a las {time}.")
            #expect(proposed.status == .proposed)
            #expect(proposed.origin == .rep)
            #expect(proposed.note == "Sounds robotic")
            #expect(proposed.machineTarget == "Tu técnico llegará en {time}.")
            #expect(proposed.messageID == message)
            #expect(proposed.externalID == nil)
            #expect(proposed.createdBy == "Dana")
            #expect(proposed.createdAt == clock.date)
            #expect(proposed.reviewedBy == nil)
            #expect(proposed.reviewedAt == nil)
            #expect(proposed.updatedAt == clock.date)
            let approved = added[1]
            #expect(approved.status == .approved)
            #expect(approved.externalID == "tu-7")
            #expect(approved.note == nil)

            #expect(try await store.memoryEntry(id: proposed.id) == proposed)
            #expect(try await store.memoryEntry(id: approved.id) == approved)

            let history = try await store.memoryHistory(entryID: proposed.id, industry: "", limit: 10)
            #expect(history.count == 1)
            #expect(history.first?.entryID == proposed.id)
            #expect(history.first?.action == .proposed)
            #expect(history.first?.by == "Dana")
            #expect(history.first?.at == clock.date)
            #expect(history.first?.target == proposed.target)
            #expect(history.first?.note == "Sounds robotic")
            let approvedHistory = try await store.memoryHistory(entryID: approved.id, industry: "hvac", limit: 10)
            #expect(approvedHistory.map(\.action) == [.added])
            #expect(approvedHistory.map(\.by) == ["Ana"])

            // Newest change first; within one instant, the newest entry first.
            clock.advance(by: 10)
            let later = try await store.addMemoryEntries(
                [draft("See you soon.", "Hasta pronto.", .proposed, by: "Dana")], replacing: false, at: clock.date)
            #expect(
                try await store.memoryEntries(industry: "hvac", status: nil, limit: 10) == later + [approved, proposed])
            #expect(try await store.memoryEntries(industry: "hvac", status: nil, limit: 2) == later + [approved])
            #expect(try await store.memoryEntries(industry: "hvac", status: .proposed, limit: 10) == later + [proposed])
            #expect(try await store.memoryEntries(industry: "hvac", status: .rejected, limit: 10).isEmpty)
            #expect(try await store.memoryEntries(industry: "plumbing", status: nil, limit: 10).isEmpty)
            #expect(try await store.addMemoryEntries([], replacing: true, at: clock.date).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func anApprovedEntrySupersedesTheOneBefore(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let first = try await store.addMemoryEntries(
                [
                    draft("Your technician will arrive at {time}.", "Su técnico llega a las {time}."),
                    draft("Your technician will arrive at {time}.", "Su técnico llega a las {time}.", to: mexican),
                    draft("Your technician will arrive at {time}.", "Votre technicien arrive à {time}.", to: french),
                    draft(
                        "Your technician will arrive at {time}.", "Su técnico llega a las {time}.", industry: "plumbing"
                    ),
                ], replacing: false, at: clock.date)
            clock.advance(by: 60)
            // A proposal for the same sentence takes nobody's place.
            let proposal = try await store.addMemoryEntries(
                [draft("your technician  will arrive at {time}.", "Su técnico llegará.", .proposed, by: "Dana")],
                replacing: false, at: clock.date)[0]
            #expect(try await store.memoryEntry(id: first[0].id).status == .approved)

            clock.advance(by: 60)
            let better = try await store.addMemoryEntries(
                [draft("Your  technician will arrive at {time}.", "Su técnico llegará a las {time}.", by: "Luis")],
                replacing: false, at: clock.date)[0]
            let old = try await store.memoryEntry(id: first[0].id)
            var expected = first[0]
            expected.status = .superseded
            expected.updatedAt = clock.date
            #expect(old == expected)
            let history = try await store.memoryHistory(entryID: old.id, industry: "hvac", limit: 10)
            #expect(history.map(\.action) == [.superseded, .added])
            #expect(history.first?.by == "Luis")
            #expect(history.first?.at == clock.date)
            #expect(history.first?.target == "Su técnico llega a las {time}.")
            #expect(history.first?.note == nil)

            // Other languages, other industries and proposals stay as they were.
            for entry in first.dropFirst() { #expect(try await store.memoryEntry(id: entry.id) == entry) }
            #expect(try await store.memoryEntry(id: proposal.id) == proposal)
            let approved = try await store.approvedMemoryEntries(
                industry: "hvac", sourceLanguage: english, targetLanguages: [spanish, mexican, french])
            #expect(Set(approved) == [better, first[1], first[2]])

            // Two approved drafts for one sentence in one call: the later one stays.
            clock.advance(by: 60)
            let pair = try await store.addMemoryEntries(
                [
                    draft("Your technician will arrive at {time}.", "Uno {time}."),
                    draft("Your technician will arrive at {time}.", "Dos {time}."),
                ], replacing: false, at: clock.date)
            #expect(try await store.memoryEntry(id: better.id).status == .superseded)
            #expect(try await store.memoryEntry(id: pair[0].id).status == .superseded)
            #expect(try await store.memoryEntry(id: pair[1].id) == pair[1])
            let spanishOnly = try await store.approvedMemoryEntries(
                industry: "hvac", sourceLanguage: english, targetLanguages: [spanish])
            #expect(spanishOnly == [pair[1]])
        }
    }

    @Test(arguments: StoreKind.allCases) func aReplacingImportSupersedesTheApprovedEntriesOfItsPairs(
        _ kind: StoreKind
    ) async throws {
        try await withStore(kind) { store, clock in
            let before = try await store.addMemoryEntries(
                [
                    draft("We accept cards.", "Aceptamos tarjetas."),
                    draft("See you soon.", "Hasta pronto."),
                    draft("Thanks!", "¡Gracias!", .proposed, by: "Dana"),
                    draft("See you soon.", "À bientôt.", to: french),
                    draft("See you soon.", "Hasta pronto.", industry: "plumbing"),
                ], replacing: false, at: clock.date)
            let hvac = try await store.memoryRevision(industry: "hvac")
            let plumbing = try await store.memoryRevision(industry: "plumbing")

            clock.advance(by: 60)
            let imported = try await store.addMemoryEntries(
                [
                    draft("We accept cards.", "Aceptamos tarjetas de crédito.", origin: .imported, by: "import"),
                    draft("Call us.", "Llámenos.", origin: .imported, by: "import"),
                ], replacing: true, at: clock.date)
            #expect(imported.map(\.status) == [.approved, .approved])
            for old in before.prefix(2) {
                let entry = try await store.memoryEntry(id: old.id)
                #expect(entry.status == .superseded)
                #expect(entry.updatedAt == clock.date)
                let line = try await store.memoryHistory(entryID: old.id, industry: "hvac", limit: 1).first
                #expect(line?.action == .superseded)
                #expect(line?.by == "import")
                #expect(line?.target == old.target)
            }
            // Proposals, other languages and other industries stay.
            for old in before.suffix(3) { #expect(try await store.memoryEntry(id: old.id) == old) }
            let approved = try await store.approvedMemoryEntries(
                industry: "hvac", sourceLanguage: english, targetLanguages: [spanish])
            #expect(Set(approved) == Set(imported))
            #expect(try await store.memoryRevision(industry: "hvac") != hvac)
            #expect(try await store.memoryRevision(industry: "plumbing") == plumbing)

            // Replacing with nothing approved still clears the pair.
            clock.advance(by: 60)
            _ = try await store.addMemoryEntries(
                [draft("Call us.", "Llámenos, por favor.", .proposed, by: "Dana")], replacing: true, at: clock.date)
            #expect(
                try await store.approvedMemoryEntries(
                    industry: "hvac", sourceLanguage: english, targetLanguages: [spanish]
                )
                .isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aReviewApprovesEditsAndRejects(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let added = try await store.addMemoryEntries(
                [
                    draft("Your technician will arrive at {time}.", "Su técnico llega a las {time}."),
                    MemoryEntryDraft(
                        industry: "hvac", sourceLanguage: english, targetLanguage: spanish,
                        source: "Your technician will arrive at {time}.",
                        sourceKey: key("Your technician will arrive at {time}."),
                        target: "", status: .proposed, origin: .rep, note: "Sounds robotic", createdBy: "Dana"),
                    draft("We accept cards.", "Aceptamos tarjeta.", .proposed, by: "Dana"),
                ], replacing: false, at: clock.date)
            let (old, request, cards) = (added[0], added[1], added[2])

            // A request for review has no wording; approving needs one.
            let empty = await #expect(throws: ThreadStoreError.self) {
                try await store.reviewMemoryEntry(
                    id: request.id, status: .approved, target: " ", note: nil, by: "Ana", at: clock.date, onlyFrom: nil)
            }
            #expect(empty?.code == .invalidInput)

            clock.advance(by: 60)
            let approved = try await store.reviewMemoryEntry(
                id: request.id, status: .approved, target: "Su técnico llegará a las {time}.", note: nil, by: "Ana",
                at: clock.date, onlyFrom: [.proposed])
            var expected = request
            expected.status = .approved
            expected.target = "Su técnico llegará a las {time}."
            expected.reviewedBy = "Ana"
            expected.reviewedAt = clock.date
            expected.updatedAt = clock.date
            #expect(approved == expected)
            #expect(approved.note == "Sounds robotic")
            #expect(try await store.memoryEntry(id: request.id) == approved)
            let superseded = try await store.memoryEntry(id: old.id)
            #expect(superseded.status == .superseded)
            #expect(try await store.memoryHistory(entryID: old.id, industry: "hvac", limit: 1).first?.by == "Ana")
            #expect(
                try await store.approvedMemoryEntries(
                    industry: "hvac", sourceLanguage: english, targetLanguages: [spanish])
                    == [approved])

            // Editing keeps the status and records who.
            clock.advance(by: 60)
            let edited = try await store.reviewMemoryEntry(
                id: request.id, status: .approved, target: "Su técnico llegará a las {time}, aproximadamente.",
                note: "Usted", by: "Luis", at: clock.date, onlyFrom: [.approved])
            #expect(edited.status == .approved)
            #expect(edited.note == "Usted")
            #expect(edited.reviewedBy == "Luis")
            #expect(edited.reviewedAt == clock.date)
            #expect(try await store.memoryEntry(id: old.id) == superseded)

            clock.advance(by: 60)
            let rejected = try await store.reviewMemoryEntry(
                id: cards.id, status: .rejected, target: cards.target, note: "Keep the machine's", by: "Ana",
                at: clock.date, onlyFrom: nil)
            #expect(rejected.status == .rejected)
            #expect(rejected.reviewedBy == "Ana")
            #expect(rejected.reviewedAt == clock.date)
            #expect(rejected.note == "Keep the machine's")
            // An empty remark clears the note.
            let cleared = try await store.reviewMemoryEntry(
                id: cards.id, status: .rejected, target: cards.target, note: "", by: "Ana", at: clock.date,
                onlyFrom: nil)
            #expect(cleared.note == nil)

            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.reviewMemoryEntry(
                    id: UUID(), status: .approved, target: "x", note: nil, by: "Ana", at: clock.date, onlyFrom: nil)
            }
            #expect(missing?.code == .notFound)
            let nobody = await #expect(throws: ThreadStoreError.self) {
                try await store.reviewMemoryEntry(
                    id: cards.id, status: .rejected, target: "x", note: nil, by: "  ", at: clock.date, onlyFrom: nil)
            }
            #expect(nobody?.code == .invalidInput)
        }
    }

    @Test(arguments: StoreKind.allCases) func theHistoryIsNewestFirst(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let entry = try await store.addMemoryEntries(
                [draft("We accept cards.", "Aceptamos tarjeta.", .proposed, by: "Dana", note: "Plural?")],
                replacing: false, at: clock.date)[0]
            clock.advance(by: 1)
            let other = try await store.addMemoryEntries(
                [draft("Call us.", "Llámenos.", by: "Ana")], replacing: false, at: clock.date)[0]
            _ = try await store.addMemoryEntries(
                [draft("Call us.", "Llámenos.", industry: "plumbing")], replacing: false, at: clock.date)
            clock.advance(by: 1)
            _ = try await store.reviewMemoryEntry(
                id: entry.id, status: .proposed, target: "Aceptamos tarjetas.", note: nil, by: "Luis", at: clock.date,
                onlyFrom: nil)
            clock.advance(by: 1)
            _ = try await store.reviewMemoryEntry(
                id: entry.id, status: .approved, target: "Aceptamos tarjetas.", note: "Plural", by: "Ana",
                at: clock.date,
                onlyFrom: nil)
            clock.advance(by: 1)
            _ = try await store.reviewMemoryEntry(
                id: entry.id, status: .superseded, target: "Aceptamos tarjetas.", note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            clock.advance(by: 1)
            _ = try await store.reviewMemoryEntry(
                id: entry.id, status: .proposed, target: "Aceptamos tarjetas de crédito.", note: nil, by: "Dana",
                at: clock.date, onlyFrom: nil)

            let lines = try await store.memoryHistory(entryID: entry.id, industry: "ignored", limit: 10)
            #expect(lines.map(\.action) == [.proposed, .superseded, .approved, .edited, .proposed])
            #expect(lines.map(\.by) == ["Dana", "Ana", "Ana", "Luis", "Dana"])
            #expect(
                lines.map(\.target) == [
                    "Aceptamos tarjetas de crédito.", "Aceptamos tarjetas.", "Aceptamos tarjetas.",
                    "Aceptamos tarjetas.",
                    "Aceptamos tarjeta.",
                ])
            #expect(lines.map(\.note) == [nil, nil, "Plural", nil, "Plural?"])
            #expect(lines.map(\.at) == [0, 1, 2, 3, 5].map { clock.date.addingTimeInterval(-Double($0)) })
            #expect(lines.allSatisfy { $0.entryID == entry.id })
            #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.id > $1.id })
            #expect(
                try await store.memoryHistory(entryID: entry.id, industry: "hvac", limit: 2) == Array(lines.prefix(2)))

            // The industry's history mixes its entries, and only its.
            let industry = try await store.memoryHistory(entryID: nil, industry: "hvac", limit: 10)
            #expect(industry.map(\.entryID) == Array(repeating: entry.id, count: 4) + [other.id, entry.id])
            #expect(Array(industry.prefix(4)) == Array(lines.prefix(4)))
            #expect(try await store.memoryHistory(entryID: nil, industry: "plumbing", limit: 10).count == 1)
            #expect(try await store.memoryHistory(entryID: nil, industry: "roofing", limit: 10).isEmpty)
            #expect(try await store.memoryHistory(entryID: UUID(), industry: "hvac", limit: 10).isEmpty)
            let noIndustry = await #expect(throws: ThreadStoreError.self) {
                try await store.memoryHistory(entryID: nil, industry: " ", limit: 10)
            }
            #expect(noIndustry?.code == .invalidInput)
        }
    }

    @Test(arguments: StoreKind.allCases) func theRevisionChangesOnlyWhenApprovedEntriesChange(
        _ kind: StoreKind
    ) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let store = try await database.threadStore(now: clock.now)
            // Another process on the same database sees the same revision.
            let replica = try await database.threadStore(now: clock.now)
            var seen: Set<Int64> = []
            /// The revision, which must be new (`changed`) or the last one seen.
            func expectRevision(changed: Bool, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation)
                async throws
            {
                let revision = try await store.memoryRevision(industry: "hvac")
                #expect(try await replica.memoryRevision(industry: "hvac") == revision, sourceLocation: sourceLocation)
                #expect(!seen.contains(revision) == changed, comment, sourceLocation: sourceLocation)
                seen.insert(revision)
            }
            #expect(try await store.memoryRevision(industry: "hvac") == 0)
            try await expectRevision(changed: true, "never changed")

            let proposed = try await store.addMemoryEntries(
                [
                    draft("Thanks!", "¡Gracias!", .proposed, by: "Dana"),
                    draft("Call us.", "Llame.", .proposed, by: "Dana"),
                ],
                replacing: false, at: clock.date)
            try await expectRevision(changed: false, "proposals")
            _ = try await store.reviewMemoryEntry(
                id: proposed[0].id, status: .proposed, target: "¡Muchas gracias!", note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            try await expectRevision(changed: false, "a proposal edited")
            _ = try await store.reviewMemoryEntry(
                id: proposed[1].id, status: .rejected, target: "Llame.", note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            try await expectRevision(changed: false, "a proposal rejected")

            let approved = try await store.addMemoryEntries(
                [draft("See you soon.", "Hasta pronto.")], replacing: false, at: clock.date)[0]
            try await expectRevision(changed: true, "an approved entry added")
            _ = try await store.reviewMemoryEntry(
                id: approved.id, status: .approved, target: "Hasta pronto.", note: "Fine", by: "Ana", at: clock.date,
                onlyFrom: nil)
            try await expectRevision(changed: false, "an approved entry's note edited")
            _ = try await store.reviewMemoryEntry(
                id: approved.id, status: .approved, target: "¡Hasta pronto!", note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            try await expectRevision(changed: true, "an approved entry's wording edited")
            _ = try await store.reviewMemoryEntry(
                id: proposed[0].id, status: .approved, target: "¡Muchas gracias!", note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            try await expectRevision(changed: true, "a proposal approved")
            _ = try await store.reviewMemoryEntry(
                id: proposed[0].id, status: .rejected, target: "¡Muchas gracias!", note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            try await expectRevision(changed: true, "an approved entry rejected")
            _ = try await store.addMemoryEntries(
                [draft("See you soon.", "Nos vemos.", .proposed, by: "Dana")], replacing: false, at: clock.date)
            try await expectRevision(changed: false, "a proposal for an approved sentence")
            _ = try await store.addMemoryEntries(
                [draft("See you soon.", "Nos vemos pronto.")], replacing: false, at: clock.date)
            try await expectRevision(changed: true, "an approved entry superseded")
            _ = try await store.addMemoryEntries(
                [draft("See you soon.", "Nos vemos pronto.", industry: "plumbing")], replacing: false, at: clock.date)
            try await expectRevision(changed: false, "another industry's entry")
            #expect(try await store.memoryRevision(industry: "plumbing") != 0)
            #expect(try await store.memoryRevision(industry: "roofing") == 0)
            _ = try await store.addMemoryEntries(
                [draft("Thanks!", "¡Gracias!", .proposed, by: "Dana")], replacing: true, at: clock.date)
            try await expectRevision(changed: true, "an import that replaced the memory with no approved entry")
            _ = try await store.addMemoryEntries(
                [draft("Thanks!", "¡Gracias!", .proposed, by: "Dana")], replacing: true, at: clock.date)
            try await expectRevision(changed: false, "an import that replaced nothing")
            if kind == .sqlite {
                for store in [store, replica] { try await closeStore(store) }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func approvedEntriesForSeveralTargetLanguages(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let entries = try await store.addMemoryEntries(
                [
                    draft("See you soon.", "Nos vemos.", to: mexican),
                    draft("See you soon.", "Hasta pronto."),
                    draft("Call us.", "Llámenos."),
                    draft("Call us.", "Háblenos.", to: mexican),
                    draft("Call us.", "Appelez-nous.", to: french),
                    draft("Thanks!", "¡Gracias!", .proposed, by: "Dana"),
                    draft("Thanks!", "¡Gracias!", industry: "plumbing"),
                    draft("Merci !", "¡Gracias!", from: french),
                ], replacing: false, at: clock.date)
            let found = try await store.approvedMemoryEntries(
                industry: "hvac", sourceLanguage: english, targetLanguages: [spanish, mexican])
            // By source key, then target language.
            #expect(found == [entries[2], entries[3], entries[1], entries[0]])
            #expect(
                try await store.approvedMemoryEntries(
                    industry: "hvac", sourceLanguage: english, targetLanguages: [mexican])
                    == [entries[3], entries[0]])
            #expect(
                try await store.approvedMemoryEntries(
                    industry: "hvac", sourceLanguage: french, targetLanguages: [spanish])
                    == [entries[7]])
            #expect(
                try await store.approvedMemoryEntries(industry: "hvac", sourceLanguage: english, targetLanguages: [])
                    .isEmpty)
            #expect(
                try await store.approvedMemoryEntries(
                    industry: "roofing", sourceLanguage: english, targetLanguages: [spanish]
                ).isEmpty)
        }
    }

    /// Two admins review one proposal at once, each only from `proposed`: one review holds, the
    /// other is a conflict, and the entry and its history show only the first.
    @Test(arguments: StoreKind.allCases) func concurrentReviewsOfOneProposalLetOneWin(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let seeding = try await database.threadStore(now: clock.now)
            let ana = try await database.threadStore(now: clock.now)
            let luis = try await database.threadStore(now: clock.now)
            let proposals = try await seeding.addMemoryEntries(
                (0..<6).map { draft("Sentence \($0).", "Frase \($0).", .proposed, by: "Dana") }, replacing: false,
                at: clock.date)
            let revision = try await seeding.memoryRevision(industry: "hvac")
            for proposal in proposals {
                let outcomes = await withTaskGroup(of: Result<StoredMemoryEntry, ThreadStoreError>.self) { group in
                    for (store, name, status) in [
                        (ana, "Ana", StoredMemoryEntry.Status.approved), (luis, "Luis", .rejected),
                    ] {
                        group.addTask {
                            do throws(ThreadStoreError) {
                                return .success(
                                    try await store.reviewMemoryEntry(
                                        id: proposal.id, status: status, target: proposal.target, note: nil, by: name,
                                        at: clock.date, onlyFrom: [.proposed]))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    var outcomes: [Result<StoredMemoryEntry, ThreadStoreError>] = []
                    for await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                let winners = outcomes.compactMap { try? $0.get() }
                let losers = outcomes.compactMap { outcome -> ThreadStoreError? in
                    if case .failure(let error) = outcome { error } else { nil }
                }
                #expect(winners.count == 1)
                #expect(losers.map(\.code) == [.conflict])
                let winner = try #require(winners.first)
                #expect(try await seeding.memoryEntry(id: proposal.id) == winner)
                let lines = try await seeding.memoryHistory(entryID: proposal.id, industry: "hvac", limit: 10)
                #expect(lines.map(\.action) == [winner.status == .approved ? .approved : .rejected, .proposed])
                #expect(lines.first?.by == winner.reviewedBy)
            }
            let approvedCount = try await seeding.memoryEntries(industry: "hvac", status: .approved, limit: 10).count
            #expect((try await seeding.memoryRevision(industry: "hvac") == revision) == (approvedCount == 0))
            if kind == .sqlite {
                for store in [seeding, ana, luis] { try await closeStore(store) }
            }
        }
    }

    /// Two admins approve two proposals for one sentence at once: both hold, one after the other, and
    /// the later supersedes the earlier, so one stays approved.
    @Test(arguments: StoreKind.allCases) func concurrentApprovalsOfOneSentenceLeaveOneApproved(
        _ kind: StoreKind
    ) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let seeding = try await database.threadStore(now: clock.now)
            let ana = try await database.threadStore(now: clock.now)
            let luis = try await database.threadStore(now: clock.now)
            for round in 0..<6 {
                let sentence = "Sentence \(round)."
                let proposals = try await seeding.addMemoryEntries(
                    [
                        draft(sentence, "Frase A.", .proposed, by: "Dana"),
                        draft(sentence, "Frase B.", .proposed, by: "Dana"),
                    ],
                    replacing: false, at: clock.date)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (store, name, proposal) in [(ana, "Ana", proposals[0]), (luis, "Luis", proposals[1])] {
                        group.addTask {
                            _ = try await store.reviewMemoryEntry(
                                id: proposal.id, status: .approved, target: proposal.target, note: nil, by: name,
                                at: clock.date, onlyFrom: [.proposed])
                        }
                    }
                    try await group.waitForAll()
                }
                let approved = try await seeding.approvedMemoryEntries(
                    industry: "hvac", sourceLanguage: english, targetLanguages: [spanish]
                ).filter { $0.source == sentence }
                #expect(approved.count == 1)
                var statuses: Set<StoredMemoryEntry.Status> = []
                for proposal in proposals { statuses.insert(try await seeding.memoryEntry(id: proposal.id).status) }
                #expect(statuses == [.approved, .superseded])
            }
            if kind == .sqlite {
                for store in [seeding, ana, luis] { try await closeStore(store) }
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func theMemorySurvivesReopening(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let store = try await database.threadStore(now: clock.now)
            let added = try await store.addMemoryEntries(
                [
                    draft("See you soon.", "Hasta pronto."),
                    draft("Call us.", "Llame.", .proposed, to: mexican, by: "Dana", note: "Usted"),
                ], replacing: false, at: clock.date)
            clock.advance(by: 60)
            let reviewed = try await store.reviewMemoryEntry(
                id: added[1].id, status: .approved, target: "Llámenos.", note: nil, by: "Ana", at: clock.date,
                onlyFrom: [.proposed])
            let revision = try await store.memoryRevision(industry: "hvac")
            let history = try await store.memoryHistory(entryID: nil, industry: "hvac", limit: 10)
            try await closeStore(store)

            let reopened = try await database.threadStore(now: clock.now)
            #expect(try await reopened.memoryEntry(id: added[0].id) == added[0])
            #expect(try await reopened.memoryEntry(id: added[1].id) == reviewed)
            #expect(try await reopened.memoryEntries(industry: "hvac", status: nil, limit: 10) == [reviewed, added[0]])
            #expect(try await reopened.memoryHistory(entryID: nil, industry: "hvac", limit: 10) == history)
            #expect(history.count == 3)
            #expect(try await reopened.memoryRevision(industry: "hvac") == revision)
            #expect(
                try await reopened.approvedMemoryEntries(
                    industry: "hvac", sourceLanguage: english, targetLanguages: [spanish, mexican]
                ) == [reviewed, added[0]])
            // And it goes on from there: new lines come after the old ones.
            clock.advance(by: 60)
            _ = try await reopened.reviewMemoryEntry(
                id: added[0].id, status: .rejected, target: "Hasta pronto.", note: nil, by: "Luis", at: clock.date,
                onlyFrom: nil)
            let newest = try await reopened.memoryHistory(entryID: nil, industry: "hvac", limit: 1)
            #expect(newest.first.map { $0.id > history[0].id } == true)
            #expect(try await reopened.memoryRevision(industry: "hvac") != revision)
            try await closeStore(reopened)
        }
    }

    @Test(arguments: StoreKind.allCases) func invalidInputIsRefusedAndNothingIsStored(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let valid = draft("See you soon.", "Hasta pronto.")
            var bad: [(MemoryEntryDraft, String)] = []
            var noIndustry = valid
            noIndustry.industry = "  "
            bad.append((noIndustry, "industry"))
            var noSource = valid
            noSource.source = ""
            bad.append((noSource, "source"))
            var noKey = valid
            noKey.sourceKey = ""
            bad.append((noKey, "source key"))
            var noAuthor = valid
            noAuthor.createdBy = " "
            bad.append((noAuthor, "author"))
            var noWording = valid
            noWording.target = " "
            bad.append((noWording, "wording"))
            var rejected = valid
            rejected.status = .rejected
            bad.append((rejected, "rejected"))
            for (draft, word) in bad {
                let refused = await #expect(throws: ThreadStoreError.self) {
                    try await store.addMemoryEntries([valid, draft], replacing: true, at: clock.date)
                }
                #expect(refused?.code == .invalidInput)
                #expect(refused?.message.contains(word) == true, "\(refused?.message ?? "")")
            }
            let stored = try await store.memoryEntries(industry: "hvac", status: nil, limit: 10)
            #expect(stored.isEmpty)
            #expect(try await store.memoryHistory(entryID: nil, industry: "hvac", limit: 10).isEmpty)
            #expect(try await store.memoryRevision(industry: "hvac") == 0)

            let unknown = UUID()
            let missing = await #expect(throws: ThreadStoreError.self) { try await store.memoryEntry(id: unknown) }
            #expect(missing?.code == .notFound)
            #expect(missing?.message.contains(unknown.uuidString) == true)
            let limit = await #expect(throws: ThreadStoreError.self) {
                try await store.memoryEntries(industry: "hvac", status: nil, limit: 0)
            }
            #expect(limit?.code == .invalidInput)
            let industry = await #expect(throws: ThreadStoreError.self) {
                try await store.memoryEntries(industry: "", status: nil, limit: 10)
            }
            #expect(industry?.code == .invalidInput)
        }
    }

    /// A review that expects another status is a conflict and changes nothing.
    @Test(arguments: StoreKind.allCases) func aConditionalReviewRefusesAnotherStatus(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let entry = try await store.addMemoryEntries(
                [draft("Call us.", "Llámenos.", .proposed, by: "Dana")], replacing: false, at: clock.date)[0]
            _ = try await store.reviewMemoryEntry(
                id: entry.id, status: .rejected, target: entry.target, note: nil, by: "Ana", at: clock.date,
                onlyFrom: [.proposed])
            let late = await #expect(throws: ThreadStoreError.self) {
                try await store.reviewMemoryEntry(
                    id: entry.id, status: .approved, target: entry.target, note: nil, by: "Luis", at: clock.date,
                    onlyFrom: [.proposed])
            }
            #expect(late?.code == .conflict)
            #expect(late?.message.contains("rejected") == true)
            #expect(try await store.memoryEntry(id: entry.id).status == .rejected)
            #expect(try await store.memoryHistory(entryID: entry.id, industry: "hvac", limit: 10).count == 2)
            #expect(try await store.memoryRevision(industry: "hvac") == 0)
            // From the status it is in, or from any, it holds.
            let approved = try await store.reviewMemoryEntry(
                id: entry.id, status: .approved, target: entry.target, note: nil, by: "Luis", at: clock.date,
                onlyFrom: [.proposed, .rejected])
            #expect(approved.status == .approved)
            let again = try await store.reviewMemoryEntry(
                id: entry.id, status: .rejected, target: entry.target, note: nil, by: "Ana", at: clock.date,
                onlyFrom: nil)
            #expect(again.status == .rejected)
        }
    }
}

private let english = LanguageTag("en")!
private let spanish = LanguageTag("es")!
private let mexican = LanguageTag("es-MX")!
private let french = LanguageTag("fr")!

/// A sentence's key as the translation pipeline would make it: lowercase, single spaces.
private func key(_ source: String) -> String {
    source.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// An entry to add, approved by an admin unless told otherwise.
private func draft(
    _ source: String, _ target: String, _ status: StoredMemoryEntry.Status = .approved, industry: String = "hvac",
    from: LanguageTag = english, to: LanguageTag = spanish, origin: StoredMemoryEntry.Origin = .admin,
    by: String = "Ana", note: String? = nil, external: String? = nil
) -> MemoryEntryDraft {
    MemoryEntryDraft(
        industry: industry, sourceLanguage: from, targetLanguage: to, source: source, sourceKey: key(source),
        target: target, status: status, origin: origin, note: note, externalID: external, createdBy: by)
}
