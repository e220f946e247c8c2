import ParleyMessaging
import Foundation
import ParleyLanguage
import ParleyThreads
import Synchronization

/// A store that forwards every call to another and counts the reads of new events, to check that
/// streams share one read per batch.
final class CountingThreadStore: ThreadStore {
    let base: any ThreadStore
    /// How many times ``events(after:conversationIDs:limit:)`` was called.
    let eventReads = Atomic<Int>(0)
    /// While held, ``latestEventID()`` waits: a test decides when a starting feed learns where it starts.
    let latestGate = HoldGate()

    init(_ base: any ThreadStore) { self.base = base }

    func createRep(name: String, email: String, role: Rep.Role) async throws(ThreadStoreError) -> Rep {
        try await base.createRep(name: name, email: email, role: role)
    }

    func rep(id: UUID) async throws(ThreadStoreError) -> Rep {
        signInReads.add(1, ordering: .relaxed)
        return try await base.rep(id: id)
    }

    func rep(email: String) async throws(ThreadStoreError) -> Rep? {
        try await base.rep(email: email)
    }

    func reps() async throws(ThreadStoreError) -> [Rep] {
        try await base.reps()
    }

    func assignNumber(_ phone: PhoneNumber, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await base.assignNumber(phone, to: repID)
    }

    func businessNumber(id: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await base.businessNumber(id: id)
    }

    func businessNumber(phone: PhoneNumber) async throws(ThreadStoreError) -> BusinessNumber? {
        try await base.businessNumber(phone: phone)
    }

    func businessNumbers(repID: UUID?) async throws(ThreadStoreError) -> [BusinessNumber] {
        try await base.businessNumbers(repID: repID)
    }

    func createContact(phone: PhoneNumber, name: String?, preferredLanguage: LanguageTag?, languageSource: Contact.LanguageSource? ) async throws(ThreadStoreError) -> Contact {
        try await base.createContact(phone: phone, name: name, preferredLanguage: preferredLanguage, languageSource: languageSource)
    }

    func findOrCreateContact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact {
        try await base.findOrCreateContact(phone: phone)
    }

    func updateContact(id: UUID, name: String?, phone: PhoneNumber) async throws(ThreadStoreError) -> Contact {
        try await base.updateContact(id: id, name: name, phone: phone)
    }

    func contact(id: UUID) async throws(ThreadStoreError) -> Contact {
        try await base.contact(id: id)
    }

    func contact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact? {
        try await base.contact(phone: phone)
    }

    func searchContacts(_ query: String, limit: Int) async throws(ThreadStoreError) -> [Contact] {
        try await base.searchContacts(query, limit: limit)
    }

    func searchContacts(_ query: String, limit: Int, after: Contact?) async throws(ThreadStoreError) -> [Contact] {
        try await base.searchContacts(query, limit: limit, after: after)
    }

    func setPreferredLanguage(contactID: UUID, language: LanguageTag?, source: Contact.LanguageSource ) async throws(ThreadStoreError) -> Contact {
        try await base.setPreferredLanguage(contactID: contactID, language: language, source: source)
    }

    func setFormality(contactID: UUID, formality: Contact.Formality?) async throws(ThreadStoreError) -> Contact {
        try await base.setFormality(contactID: contactID, formality: formality)
    }

    func findOrCreateConversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation {
        try await base.findOrCreateConversation(numberID: numberID, contactID: contactID)
    }

    func conversation(id: UUID) async throws(ThreadStoreError) -> Conversation {
        try await base.conversation(id: id)
    }

    func conversations(repID: UUID, limit: Int, before: Date?) async throws(ThreadStoreError) -> [ConversationSummary] {
        try await base.conversations(repID: repID, limit: limit, before: before)
    }

    func conversations(
        repID: UUID, state: Conversation.State?, search: String?, limit: Int, after: ConversationCursor?
    ) async throws(ThreadStoreError) -> [ConversationSummary] {
        try await base.conversations(repID: repID, state: state, search: search, limit: limit, after: after)
    }

    func markRead(conversationID: UUID) async throws(ThreadStoreError) -> Conversation {
        try await base.markRead(conversationID: conversationID)
    }

    func appendInbound(_ draft: InboundMessageDraft) async throws(ThreadStoreError) -> AppendedMessage {
        try await base.appendInbound(draft)
    }

    func appendOutbound(_ draft: OutboundMessageDraft) async throws(ThreadStoreError) -> Message {
        try await base.appendOutbound(draft)
    }

    func updateTranslation(messageID: UUID, _ translation: MessageTranslation) async throws(ThreadStoreError) -> Message {
        try await base.updateTranslation(messageID: messageID, translation)
    }

    func updateDeliveryStatus(messageID: UUID, _ status: Message.DeliveryStatus, providerMessageID: String? ) async throws(ThreadStoreError) -> Message {
        try await base.updateDeliveryStatus(messageID: messageID, status, providerMessageID: providerMessageID)
    }

    func updateDeliveryStatus(providerMessageID: String, _ status: Message.DeliveryStatus ) async throws(ThreadStoreError) -> Message {
        try await base.updateDeliveryStatus(providerMessageID: providerMessageID, status)
    }

    func message(id: UUID) async throws(ThreadStoreError) -> Message {
        try await base.message(id: id)
    }

    func messages(conversationID: UUID, afterSequence: Int64, limit: Int) async throws(ThreadStoreError) -> [Message] {
        try await base.messages(conversationID: conversationID, afterSequence: afterSequence, limit: limit)
    }

    func latestMessages(conversationID: UUID, beforeSequence: Int64?, limit: Int) async throws(ThreadStoreError) -> [Message] {
        try await base.latestMessages(conversationID: conversationID, beforeSequence: beforeSequence, limit: limit)
    }

    func messagesPendingTranslation(limit: Int) async throws(ThreadStoreError) -> [Message] {
        try await base.messagesPendingTranslation(limit: limit)
    }

    func createTemplate(repID: UUID?, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate {
        try await base.createTemplate(repID: repID, name: name, text: text)
    }

    func template(id: UUID) async throws(ThreadStoreError) -> StoredTemplate {
        try await base.template(id: id)
    }

    func templates(repID: UUID?) async throws(ThreadStoreError) -> [StoredTemplate] {
        try await base.templates(repID: repID)
    }

    func updateTemplate(id: UUID, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate {
        try await base.updateTemplate(id: id, name: name, text: text)
    }

    func deleteTemplate(id: UUID) async throws(ThreadStoreError) {
        try await base.deleteTemplate(id: id)
    }

    func createLead(contactID: UUID, conversationID: UUID, source: String, transcript: [LeadTurn] ) async throws(ThreadStoreError) -> Lead {
        try await base.createLead(contactID: contactID, conversationID: conversationID, source: source, transcript: transcript)
    }

    func lead(id: UUID) async throws(ThreadStoreError) -> Lead {
        try await base.lead(id: id)
    }

    func leads(contactID: UUID) async throws(ThreadStoreError) -> [Lead] {
        try await base.leads(contactID: contactID)
    }

    func leads(repID: UUID?, pickedUp: Bool?, limit: Int) async throws(ThreadStoreError) -> [Lead] {
        try await base.leads(repID: repID, pickedUp: pickedUp, limit: limit)
    }

    func pickUpLead(id: UUID, repID: UUID) async throws(ThreadStoreError) -> Lead {
        try await base.pickUpLead(id: id, repID: repID)
    }

    func events(after id: Int64, conversationIDs: Set<UUID>?, limit: Int) async throws(ThreadStoreError) -> [ThreadEvent] {
        eventReads.add(1, ordering: .relaxed)
        return try await base.events(after: id, conversationIDs: conversationIDs, limit: limit)
    }

    func deleteEvents(before: Date) async throws(ThreadStoreError) -> Int {
        try await base.deleteEvents(before: before)
    }

    func latestEventID() async throws(ThreadStoreError) -> Int64 {
        await latestGate.pass()
        return try await base.latestEventID()
    }

    func eventSignals() -> AsyncStream<EventSignal> {
        base.eventSignals()
    }

    func createWebSession(_ session: WebSessionRecord) async throws(ThreadStoreError) {
        try await base.createWebSession(session)
    }

    func webSession(digest: String) async throws(ThreadStoreError) -> WebSessionRecord? {
        signInReads.add(1, ordering: .relaxed)
        return try await base.webSession(digest: digest)
    }

    func touchWebSession(digest: String, at: Date) async throws(ThreadStoreError) {
        try await base.touchWebSession(digest: digest, at: at)
    }

    func deleteWebSession(digest: String) async throws(ThreadStoreError) {
        try await base.deleteWebSession(digest: digest)
    }

    @discardableResult
    func deleteWebSessions(lastSeenBefore before: Date) async throws(ThreadStoreError) -> Int {
        try await base.deleteWebSessions(lastSeenBefore: before)
    }

    /// How many times a person, a web session or a key was read, one or many at a time: an open
    /// stream's sign-in check reads them.
    let signInReads = Atomic<Int>(0)

    func webSessions(digests: Set<String>) async throws(ThreadStoreError) -> [WebSessionRecord] {
        signInReads.add(1, ordering: .relaxed)
        return try await base.webSessions(digests: digests)
    }

    func accessKeys(ids: Set<UUID>) async throws(ThreadStoreError) -> [StoredAccessKey] {
        signInReads.add(1, ordering: .relaxed)
        return try await base.accessKeys(ids: ids)
    }

    func reps(ids: Set<UUID>) async throws(ThreadStoreError) -> [Rep] {
        signInReads.add(1, ordering: .relaxed)
        return try await base.reps(ids: ids)
    }

    func appendGlossaryChange(industry: String, version: String, author: String, action: String, detail: String ) async throws(ThreadStoreError) -> GlossaryChange {
        try await base.appendGlossaryChange(industry: industry, version: version, author: author, action: action, detail: detail)
    }

    func glossaryChanges(industry: String?, limit: Int) async throws(ThreadStoreError) -> [GlossaryChange] {
        try await base.glossaryChanges(industry: industry, limit: limit)
    }

    func addMemoryEntries(_ drafts: [MemoryEntryDraft], replacing: Bool, at: Date) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        try await base.addMemoryEntries(drafts, replacing: replacing, at: at)
    }

    func memoryEntry(id: UUID) async throws(ThreadStoreError) -> StoredMemoryEntry {
        try await base.memoryEntry(id: id)
    }

    func memoryEntries(industry: String, status: StoredMemoryEntry.Status?, limit: Int) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        try await base.memoryEntries(industry: industry, status: status, limit: limit)
    }

    func approvedMemoryEntries(
        industry: String, sourceLanguage: LanguageTag, targetLanguages: [LanguageTag]
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry] {
        try await base.approvedMemoryEntries(industry: industry, sourceLanguage: sourceLanguage, targetLanguages: targetLanguages)
    }

    func reviewMemoryEntry(
        id: UUID, status: StoredMemoryEntry.Status, target: String, note: String?, by: String, at: Date,
        onlyFrom: Set<StoredMemoryEntry.Status>?
    ) async throws(ThreadStoreError) -> StoredMemoryEntry {
        try await base.reviewMemoryEntry(id: id, status: status, target: target, note: note, by: by, at: at, onlyFrom: onlyFrom)
    }

    func memoryHistory(entryID: UUID?, industry: String, limit: Int) async throws(ThreadStoreError) -> [MemoryHistoryEntry] {
        try await base.memoryHistory(entryID: entryID, industry: industry, limit: limit)
    }

    func memoryRevision(industry: String) async throws(ThreadStoreError) -> Int64 {
        try await base.memoryRevision(industry: industry)
    }

    // MARK: Inbox: forwarded.

    func conversations(
        repID: UUID, state: Conversation.State?, limit: Int, before: Date?
    ) async throws(ThreadStoreError) -> [ConversationSummary] {
        try await base.conversations(repID: repID, state: state, limit: limit, before: before)
    }

    func setConversationState(id: UUID, _ state: Conversation.State) async throws(ThreadStoreError) -> Conversation {
        try await base.setConversationState(id: id, state)
    }

    // MARK: Lookups, consent, jobs and previews: forwarded.

    func conversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation? {
        try await base.conversation(numberID: numberID, contactID: contactID)
    }

    func setConsent(
        contactID: UUID, _ change: ConsentChange, messageID: UUID?, onlyFrom expected: Consent.State?
    ) async throws(ThreadStoreError) -> Contact {
        try await base.setConsent(contactID: contactID, change, messageID: messageID, onlyFrom: expected)
    }

    func enqueueJob(_ kind: Job.Kind, subjectID: UUID, runAfter: Date?) async throws(ThreadStoreError) -> Job {
        try await base.enqueueJob(kind, subjectID: subjectID, runAfter: runAfter)
    }

    func claimJobs(kinds: Set<Job.Kind>, owner: String, limit: Int, lease: Duration) async throws(ThreadStoreError) -> [Job] {
        try await base.claimJobs(kinds: kinds, owner: owner, limit: limit, lease: lease)
    }

    func claimJob(id: UUID, owner: String, lease: Duration) async throws(ThreadStoreError) -> Job? {
        try await base.claimJob(id: id, owner: owner, lease: lease)
    }

    func completeJob(id: UUID, owner: String) async throws(ThreadStoreError) -> Job {
        try await base.completeJob(id: id, owner: owner)
    }

    func retryJob(id: UUID, owner: String, runAfter: Date, error: String) async throws(ThreadStoreError) -> Job {
        try await base.retryJob(id: id, owner: owner, runAfter: runAfter, error: error)
    }

    func failJob(id: UUID, owner: String, error: String) async throws(ThreadStoreError) -> Job {
        try await base.failJob(id: id, owner: owner, error: error)
    }

    func jobs(subjectID: UUID) async throws(ThreadStoreError) -> [Job] { try await base.jobs(subjectID: subjectID) }

    func jobs(state: Job.State?, limit: Int) async throws(ThreadStoreError) -> [Job] { try await base.jobs(state: state, limit: limit) }

    func deleteFinishedJobs(before: Date) async throws(ThreadStoreError) -> Int { try await base.deleteFinishedJobs(before: before) }

    func savePreview(_ preview: StoredPreview) async throws(ThreadStoreError) { try await base.savePreview(preview) }

    func preview(token: String) async throws(ThreadStoreError) -> StoredPreview? { try await base.preview(token: token) }

    func deleteExpiredPreviews() async throws(ThreadStoreError) -> Int { try await base.deleteExpiredPreviews() }

    // MARK: Shared state

    func sharedGlossaryRevisions() async throws(ThreadStoreError) -> [String: Int64] { try await base.sharedGlossaryRevisions() }

    func sharedGlossary(industry: String) async throws(ThreadStoreError) -> SharedGlossary? {
        try await base.sharedGlossary(industry: industry)
    }

    func publishGlossary(_ glossary: SharedGlossary, after revision: Int64) async throws(ThreadStoreError) -> SharedGlossary {
        try await base.publishGlossary(glossary, after: revision)
    }

    func takeSharedToken(key: String, capacity: Double, perSecond: Double, at: Date) async throws(ThreadStoreError) -> SharedTokenDecision {
        try await base.takeSharedToken(key: key, capacity: capacity, perSecond: perSecond, at: at)
    }

    func addToRateWindow(key: String, windowStart: Date, count: Int) async throws(ThreadStoreError) -> Int {
        try await base.addToRateWindow(key: key, windowStart: windowStart, count: count)
    }

    func acquireLease(name: String, holder: String, until: Date, at: Date) async throws(ThreadStoreError) -> Bool {
        try await base.acquireLease(name: name, holder: holder, until: until, at: at)
    }

    func releaseLease(name: String, holder: String) async throws(ThreadStoreError) { try await base.releaseLease(name: name, holder: holder) }

    func deleteSharedState(before: Date) async throws(ThreadStoreError) -> Int { try await base.deleteSharedState(before: before) }
}
