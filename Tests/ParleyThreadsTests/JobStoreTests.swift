import Foundation
import ParleyLanguage
import ParleyThreads
import ParleyThreadsTesting
import Synchronization
import Testing

/// Durable jobs: queued with the messages they are for, claimed under leases, finished by their
/// owner, on both stores.
@Suite struct JobStoreTests {
    @Test(arguments: StoreKind.allCases) func appendingAMessageQueuesItsJob(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let thread = try await makeThread(store)
            let pending = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola", providerMessageID: "SM1"))
            let jobs = try await store.jobs(subjectID: pending.message.id)
            #expect(jobs.count == 1)
            let job = try #require(jobs.first)
            #expect(job.kind == .translateInbound)
            #expect(job.state == .queued)
            #expect(job.attempts == 0)
            #expect(job.runAfter == clock.date)
            #expect(job.leaseOwner == nil)
            #expect(job.createdAt == clock.date)

            // The webhook again queues nothing more.
            _ = try await store.appendInbound(
                InboundMessageDraft(conversationID: thread.conversation.id, text: "Hola", providerMessageID: "SM1"))
            #expect(try await store.jobs(subjectID: pending.message.id) == [job])

            let translated = try await store.appendInbound(
                InboundMessageDraft(
                    conversationID: thread.conversation.id, text: "Gracias",
                    translation: MessageTranslation(status: .translated, detectedLanguage: LanguageTag("es"), shownText: "Thanks")))
            #expect(try await store.jobs(subjectID: translated.message.id).isEmpty)

            let queued = try await store.appendOutbound(OutboundMessageDraft(conversationID: thread.conversation.id, text: "Hi"))
            let send = try await store.jobs(subjectID: queued.id)
            #expect(send.map(\.kind) == [.sendOutbound])
            #expect(send.map(\.state) == [.queued])

            let sent = try await store.appendOutbound(
                OutboundMessageDraft(conversationID: thread.conversation.id, text: "Bye", deliveryStatus: .sent, providerMessageID: "SM2"))
            #expect(try await store.jobs(subjectID: sent.id).isEmpty)

            #expect(try await store.jobs(state: .queued, limit: 10).map(\.subjectID) == [pending.message.id, queued.id])
            #expect(try await store.jobs(state: nil, limit: 1).map(\.subjectID) == [pending.message.id])
            #expect(try await store.jobs(state: .running, limit: 10).isEmpty)
        }
    }

    /// A translation job's result, the contact's language and the job's end are one write: all of
    /// it or, when the job is not the worker's any more, none of it.
    @Test(arguments: StoreKind.allCases) func completingATranslationStoresItLearnsTheLanguageAndEndsTheJob(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let thread = try await makeThread(store)
            let stranger = try await store.createContact(phone: PhoneNumber(parsing: "+52 55 8765 4321"), name: nil, preferredLanguage: nil, languageSource: nil)
            #expect(stranger.preferredLanguage == nil)
            let conversation = try await store.findOrCreateConversation(numberID: thread.number.id, contactID: stranger.id)
            let translation = MessageTranslation(status: .translated, detectedLanguage: LanguageTag("pt"), confidence: 0.97, shownText: "Is it ready?")
            func receive(_ sid: String) async throws -> (Message, Job) {
                let pending = try await store.appendInbound(
                    InboundMessageDraft(conversationID: conversation.id, text: "Está pronto?", providerMessageID: sid))
                let claimed = try await store.claimJobs(kinds: [.translateInbound], owner: "w1", limit: 1, lease: .seconds(60))
                return (pending.message, try #require(claimed.first))
            }

            // The contact has no language: it is learned, with the translation and the job's end.
            let (first, firstJob) = try await receive("SMlearn1")
            let before = try await store.events(after: 0, conversationIDs: [conversation.id], limit: 100).count
            let stored = try await store.completeTranslation(
                messageID: first.id, translation, learning: LanguageTag("pt"), contactID: stranger.id, jobID: firstJob.id, owner: "w1")
            #expect(stored.translationStatus == .translated)
            #expect(stored.shownText == "Is it ready?")
            #expect(try await store.contact(id: stranger.id).preferredLanguage == LanguageTag("pt"))
            #expect(try await store.contact(id: stranger.id).languageSource == .detected)
            #expect(try await store.jobs(subjectID: first.id).map(\.state) == [.done])
            #expect(try await store.events(after: 0, conversationIDs: [conversation.id], limit: 100).count == before + 1)

            // A language a person set meanwhile stands.
            _ = try await store.setPreferredLanguage(contactID: stranger.id, language: LanguageTag("es"), source: .setByRep)
            let (second, secondJob) = try await receive("SMlearn2")
            _ = try await store.completeTranslation(
                messageID: second.id, translation, learning: LanguageTag("pt"), contactID: stranger.id, jobID: secondJob.id, owner: "w1")
            #expect(try await store.contact(id: stranger.id).preferredLanguage == LanguageTag("es"))
            #expect(try await store.contact(id: stranger.id).languageSource == .setByRep)

            // Another worker's job: a conflict, and nothing of it stored.
            _ = try await store.setPreferredLanguage(contactID: stranger.id, language: nil, source: .setByRep)
            let (third, thirdJob) = try await receive("SMlearn3")
            await #expect(throws: ThreadStoreError.self) {
                _ = try await store.completeTranslation(
                    messageID: third.id, translation, learning: LanguageTag("pt"), contactID: stranger.id, jobID: thirdJob.id, owner: "w2")
            }
            #expect(try await store.message(id: third.id).translationStatus == .pending)
            #expect(try await store.contact(id: stranger.id).preferredLanguage == nil)
            #expect(try await store.jobs(subjectID: third.id).map(\.state) == [.running])
        }
    }

    @Test(arguments: StoreKind.allCases) func enqueueingTwiceGivesTheSameJob(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let subject = UUID()
            let later = clock.date.addingTimeInterval(60)
            let first = try await store.enqueueJob(.sendOutbound, subjectID: subject, runAfter: later)
            #expect(first.runAfter == later)
            #expect(try await store.enqueueJob(.sendOutbound, subjectID: subject, runAfter: nil) == first)
            // Another kind is another job.
            let translate = try await store.enqueueJob(.translateInbound, subjectID: subject, runAfter: nil)
            #expect(translate.id != first.id)
            #expect(translate.runAfter == clock.date)
            #expect(try await store.jobs(subjectID: subject).map(\.id) == [first.id, translate.id])

            // Running is unfinished too; once it is done, a new one can be queued.
            let claimed = try #require(try await store.claimJob(id: translate.id, owner: "w1", lease: .seconds(30)))
            #expect(try await store.enqueueJob(.translateInbound, subjectID: subject, runAfter: nil) == claimed)
            _ = try await store.completeJob(id: translate.id, owner: "w1")
            let again = try await store.enqueueJob(.translateInbound, subjectID: subject, runAfter: nil)
            #expect(again.id != translate.id)
            #expect(again.state == .queued)
            #expect(try await store.jobs(subjectID: subject).count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func claimsHoldForTheLeaseThenExpire(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let a = try await store.enqueueJob(.translateInbound, subjectID: UUID(), runAfter: nil)
            clock.advance(by: 1)
            let b = try await store.enqueueJob(.sendOutbound, subjectID: UUID(), runAfter: nil)
            let future = try await store.enqueueJob(.translateInbound, subjectID: UUID(), runAfter: clock.date.addingTimeInterval(600))
            clock.advance(by: 1)

            // Only the kinds asked for.
            let sends = try await store.claimJobs(kinds: [.sendOutbound], owner: "w1", limit: 10, lease: .seconds(30))
            #expect(sends.map(\.id) == [b.id])
            let claimed = try await store.claimJobs(kinds: Set(Job.Kind.allCases), owner: "w1", limit: 10, lease: .seconds(30))
            #expect(claimed.map(\.id) == [a.id])
            let job = try #require(claimed.first)
            #expect(job.state == .running)
            #expect(job.leaseOwner == "w1")
            #expect(job.leaseExpiresAt == clock.date.addingTimeInterval(30))
            #expect(job.attempts == 1)
            #expect(job.updatedAt == clock.date)
            #expect(try await store.jobs(subjectID: a.subjectID) == [job])

            // Not again while the lease holds, and not the future one.
            clock.advance(by: 29)
            #expect(try await store.claimJobs(kinds: Set(Job.Kind.allCases), owner: "w2", limit: 10, lease: .seconds(30)).isEmpty)
            #expect(try await store.claimJob(id: a.id, owner: "w2", lease: .seconds(30)) == nil)

            // After it, another worker gets it, and the first one's outcome is refused.
            clock.advance(by: 2)
            let reclaimed = try await store.claimJobs(kinds: [.translateInbound], owner: "w2", limit: 10, lease: .seconds(30))
            #expect(reclaimed.map(\.id) == [a.id])
            #expect(reclaimed.first?.attempts == 2)
            #expect(reclaimed.first?.leaseOwner == "w2")
            let notMine = await #expect(throws: ThreadStoreError.self) { try await store.completeJob(id: a.id, owner: "w1") }
            #expect(notMine?.code == .conflict)
            let notMineToRetry = await #expect(throws: ThreadStoreError.self) {
                try await store.retryJob(id: a.id, owner: "w1", runAfter: clock.date, error: "timeout")
            }
            #expect(notMineToRetry?.code == .conflict)
            let notMineToFail = await #expect(throws: ThreadStoreError.self) {
                try await store.failJob(id: a.id, owner: "w1", error: "bad")
            }
            #expect(notMineToFail?.code == .conflict)
            let done = try await store.completeJob(id: a.id, owner: "w2")
            #expect(done.state == .done)
            #expect(done.leaseOwner == nil)
            #expect(done.leaseExpiresAt == nil)
            #expect(done.attempts == 2)
            // Finished: no longer claimable, and no second outcome.
            #expect(try await store.claimJob(id: a.id, owner: "w3", lease: .seconds(30)) == nil)
            let twice = await #expect(throws: ThreadStoreError.self) { try await store.completeJob(id: a.id, owner: "w2") }
            #expect(twice?.code == .conflict)

            // claimJob takes a queued job whatever its run_after.
            let early = try #require(try await store.claimJob(id: future.id, owner: "w3", lease: .seconds(30)))
            #expect(early.state == .running)
            #expect(early.attempts == 1)

            let missing = await #expect(throws: ThreadStoreError.self) {
                try await store.claimJob(id: UUID(), owner: "w1", lease: .seconds(30))
            }
            #expect(missing?.code == .notFound)
            let missingOutcome = await #expect(throws: ThreadStoreError.self) {
                try await store.completeJob(id: UUID(), owner: "w1")
            }
            #expect(missingOutcome?.code == .notFound)
        }
    }

    @Test(arguments: StoreKind.allCases) func retryAndFail(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let job = try await store.enqueueJob(.sendOutbound, subjectID: UUID(), runAfter: nil)
            _ = try #require(try await store.claimJob(id: job.id, owner: "w1", lease: .seconds(30)))
            clock.advance(by: 1)
            let later = clock.date.addingTimeInterval(120)
            let retried = try await store.retryJob(id: job.id, owner: "w1", runAfter: later, error: "provider 503")
            #expect(retried.state == .queued)
            #expect(retried.runAfter == later)
            #expect(retried.lastError == "provider 503")
            #expect(retried.leaseOwner == nil)
            #expect(retried.leaseExpiresAt == nil)
            #expect(retried.updatedAt == clock.date)

            #expect(try await store.claimJobs(kinds: [.sendOutbound], owner: "w1", limit: 10, lease: .seconds(30)).isEmpty)
            clock.advance(by: 120)
            let second = try await store.claimJobs(kinds: [.sendOutbound], owner: "w2", limit: 10, lease: .seconds(30))
            #expect(second.map(\.attempts) == [2])
            let failed = try await store.failJob(id: job.id, owner: "w2", error: "number blocked")
            #expect(failed.state == .failed)
            #expect(failed.lastError == "number blocked")
            #expect(failed.leaseOwner == nil)
            #expect(try await store.jobs(state: .failed, limit: 10) == [failed])

            // Finished jobs go once they are old enough; unfinished ones stay.
            let waiting = try await store.enqueueJob(.translateInbound, subjectID: UUID(), runAfter: nil)
            #expect(try await store.deleteFinishedJobs(before: failed.updatedAt) == 0)
            clock.advance(by: 1)
            #expect(try await store.deleteFinishedJobs(before: clock.date.addingTimeInterval(3600)) == 1)
            #expect(try await store.jobs(state: nil, limit: 10) == [waiting])
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentClaimersTakeEachJobOnce(_ kind: StoreKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = TestClock()
            let seeding = try await database.threadStore(now: clock.now)
            var queued: Set<UUID> = []
            for index in 0..<100 {
                let kind: Job.Kind = index.isMultiple(of: 2) ? .translateInbound : .sendOutbound
                queued.insert(try await seeding.enqueueJob(kind, subjectID: UUID(), runAfter: nil).id)
            }
            clock.advance(by: 1)
            // Each claimer has a store of its own: its own connections, as replicas would.
            var stores: [any ThreadStore] = []
            for _ in 0..<8 { stores.append(try await database.threadStore(now: clock.now)) }

            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let jobs = try await store.claimJobs(
                                kinds: Set(Job.Kind.allCases), owner: "worker-\(index)", limit: 3, lease: .seconds(60))
                            if jobs.isEmpty { return mine }
                            #expect(jobs.allSatisfy { $0.leaseOwner == "worker-\(index)" && $0.attempts == 1 })
                            mine += jobs.map(\.id)
                        }
                    }
                }
                var all: [[UUID]] = []
                for try await claimed in group { all.append(claimed) }
                return all
            }
            let everyClaim = claims.flatMap { $0 }
            #expect(everyClaim.count == 100)
            #expect(Set(everyClaim) == queued)
            #expect(try await seeding.jobs(state: .running, limit: 200).count == 100)
            if kind == .sqlite {
                for store in stores + [seeding] { try await closeStore(store) }
            }
        }
    }
}
