public import Foundation
public import ParleyLanguage

/// Where Parley keeps its conversations: reps and their business numbers, contacts, conversations,
/// messages with their translations, templates, leads, the event history real-time streams follow,
/// durable background jobs, message previews, the glossary change log, and the translation memory
/// (entries, their history and a revision per industry).
///
/// Every method throws a ``ThreadStoreError``. Every write that adds or changes a message or a
/// conversation also records a ``ThreadEvent`` in the same transaction.
///
/// ```swift
/// let store = SQLiteThreadStore(database: try ParleyDatabase(path: "parley.sqlite"))
/// let number = try await store.businessNumber(phone: try PhoneNumber(parsing: to))
/// let contact = try await store.findOrCreateContact(phone: try PhoneNumber(parsing: from))
/// let conversation = try await store.findOrCreateConversation(numberID: number!.id, contactID: contact.id)
/// let appended = try await store.appendInbound(
///     InboundMessageDraft(conversationID: conversation.id, text: body, providerMessageID: sid))
/// ```
public protocol ThreadStore: Sendable {
    // MARK: Reps

    /// Creates a rep; ``ThreadStoreError/Code/conflict`` when the email is taken.
    /// - Parameters:
    ///   - name: the display name, not empty.
    ///   - email: the email address, unique regardless of case.
    ///   - role: what the rep may do.
    func createRep(name: String, email: String, role: Rep.Role) async throws(ThreadStoreError) -> Rep

    /// The rep with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the rep's identifier.
    func rep(id: UUID) async throws(ThreadStoreError) -> Rep

    /// The rep with an email address, regardless of case; nil when there is none.
    /// - Parameters:
    ///   - email: the email address.
    func rep(email: String) async throws(ThreadStoreError) -> Rep?

    /// Every rep, by name.
    func reps() async throws(ThreadStoreError) -> [Rep]

    // MARK: Business numbers

    /// Assigns a business number to a rep: adds it, or moves it (with its conversations) from the
    /// rep who had it.
    /// - Parameters:
    ///   - phone: the number.
    ///   - repID: the rep; ``ThreadStoreError/Code/notFound`` when there is none.
    func assignNumber(_ phone: PhoneNumber, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber

    /// The business number with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the number's identifier.
    func businessNumber(id: UUID) async throws(ThreadStoreError) -> BusinessNumber

    /// The business number for a phone number, e.g. the `To` of an inbound webhook; nil when it is
    /// not one of the business's.
    /// - Parameters:
    ///   - phone: the number.
    func businessNumber(phone: PhoneNumber) async throws(ThreadStoreError) -> BusinessNumber?

    /// Business numbers, by number.
    /// - Parameters:
    ///   - repID: only this rep's; nil for all.
    func businessNumbers(repID: UUID?) async throws(ThreadStoreError) -> [BusinessNumber]

    // MARK: Contacts

    /// Creates a contact; ``ThreadStoreError/Code/conflict`` when one has the phone number.
    /// - Parameters:
    ///   - phone: the contact's number.
    ///   - name: the contact's name, when known.
    ///   - preferredLanguage: the language to write in, when known.
    ///   - languageSource: who decided the language; ignored without one.
    func createContact(
        phone: PhoneNumber,
        name: String?,
        preferredLanguage: LanguageTag?,
        languageSource: Contact.LanguageSource?
    ) async throws(ThreadStoreError) -> Contact

    /// The contact with a phone number, created (without a name) when there is none; safe when
    /// webhooks race.
    /// - Parameters:
    ///   - phone: the contact's number.
    func findOrCreateContact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact

    /// Changes a contact's name and number.
    /// - Parameters:
    ///   - id: the contact.
    ///   - name: the new name; nil to clear it.
    ///   - phone: the new number; ``ThreadStoreError/Code/conflict`` when another contact has it.
    func updateContact(id: UUID, name: String?, phone: PhoneNumber) async throws(ThreadStoreError) -> Contact

    /// The contact with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the contact's identifier.
    func contact(id: UUID) async throws(ThreadStoreError) -> Contact

    /// The contact with a phone number; nil when there is none.
    /// - Parameters:
    ///   - phone: the number.
    func contact(phone: PhoneNumber) async throws(ThreadStoreError) -> Contact?

    /// Contacts whose name contains the query, ignoring case and accents ("jose" finds "José"), or
    /// whose number contains the query's digits (at least 3), by name.
    /// - Parameters:
    ///   - query: a name fragment or some digits of a number.
    ///   - limit: the most contacts to return.
    /// - Throws: ``ThreadStoreError/Code/invalidInput`` when the query holds a NUL character.
    func searchContacts(_ query: String, limit: Int) async throws(ThreadStoreError) -> [Contact]

    /// One page of ``searchContacts(_:limit:)``: every match, by name (contacts without one last,
    /// by number), page after page, found through an index on both stores (trigrams of the folded
    /// name and of the number). LIKE's `%` and `_` in the query are plain characters.
    /// - Parameters:
    ///   - query: a name fragment or some digits of a number ("555 0100", "(410) 555-0100", "+1410555").
    ///   - limit: the most contacts to return.
    ///   - after: the last contact of the previous page; nil for the first.
    /// - Throws: ``ThreadStoreError/Code/invalidInput`` when the query holds a NUL character.
    func searchContacts(_ query: String, limit: Int, after: Contact?) async throws(ThreadStoreError) -> [Contact]

    /// Sets or clears a contact's preferred language, recording who decided it.
    /// - Parameters:
    ///   - contactID: the contact.
    ///   - language: the language; nil to clear it (and its source).
    ///   - source: who decided it.
    func setPreferredLanguage(
        contactID: UUID,
        language: LanguageTag?,
        source: Contact.LanguageSource
    ) async throws(ThreadStoreError) -> Contact

    /// Sets or clears how a contact is addressed: formal (usted/vous/Sie) or informal (tú/tu/du).
    /// - Parameters:
    ///   - contactID: the contact; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - formality: the register; nil to clear it, so the translation uses its default.
    func setFormality(contactID: UUID, formality: Contact.Formality?) async throws(ThreadStoreError) -> Contact

    /// Records a contact's consent now, e.g. as a rep or admin heard it, and records
    /// ``ThreadEvent/Kind/consentChanged`` on every conversation of the contact, in one transaction.
    /// An inbound message that changes consent goes through ``InboundMessageDraft/consent`` instead.
    /// - Parameters:
    ///   - contactID: the contact; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - change: what the contact said.
    ///   - messageID: the message that said it; nil when a person recorded it.
    ///   - expected: when set, the change is made only while the contact's consent is in this state,
    ///     checked in the same transaction; ``ThreadStoreError/Code/conflict`` when it is not (it
    ///     changed meanwhile, e.g. a STOP arrived while a rep settled a probable opt-out).
    /// - Returns: the contact with its new consent.
    func setConsent(
        contactID: UUID, _ change: ConsentChange, messageID: UUID?, onlyFrom expected: Consent.State?
    ) async throws(ThreadStoreError) -> Contact

    // MARK: Conversations

    /// The conversation between a business number and a contact, created when there is none.
    /// - Parameters:
    ///   - numberID: the business number.
    ///   - contactID: the contact.
    func findOrCreateConversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation

    /// The conversation between a business number and a contact; nil when there is none.
    /// - Parameters:
    ///   - numberID: the business number.
    ///   - contactID: the contact.
    func conversation(numberID: UUID, contactID: UUID) async throws(ThreadStoreError) -> Conversation?

    /// The conversation with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the conversation's identifier.
    func conversation(id: UUID) async throws(ThreadStoreError) -> Conversation

    /// A conversation with its number, contact, newest `messageLimit` messages (none for 0) and, for
    /// `memoryIndustry`, that memory's revision, in one read (``ConversationSnapshot``).
    func conversationSnapshot(id: UUID, messageLimit: Int, memoryIndustry: String?) async throws(ThreadStoreError) -> ConversationSnapshot

    /// The conversations on a rep's numbers, newest activity first, with contact, number and newest message.
    /// - Parameters:
    ///   - repID: the rep.
    ///   - limit: the most conversations to return.
    ///   - before: only conversations whose activity is older than this, for the next page; nil for the first.
    func conversations(repID: UUID, limit: Int, before: Date?) async throws(ThreadStoreError) -> [ConversationSummary]

    /// One page of the conversations on a rep's numbers, newest activity first, with contact,
    /// number and newest message, read in a number of statements that does not grow with the page:
    /// the rep, state and search filters, the order and the page bound are one query.
    /// - Parameters:
    ///   - repID: the rep; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - state: only open or only done conversations; nil for both.
    ///   - search: only conversations whose contact ``searchContacts(_:limit:after:)`` finds; nil or
    ///     blank for all.
    ///   - limit: the most conversations to return.
    ///   - after: where the previous page ended; nil for the first.
    func conversations(
        repID: UUID, state: Conversation.State?, search: String?, limit: Int, after: ConversationCursor?
    ) async throws(ThreadStoreError) -> [ConversationSummary]

    /// Sets a conversation's unread count to zero.
    /// - Parameters:
    ///   - conversationID: the conversation.
    func markRead(conversationID: UUID) async throws(ThreadStoreError) -> Conversation

    // MARK: Messages

    /// Appends an inbound message, once per provider identifier: a repeat of the webhook returns the
    /// stored message and `inserted: false`, even when the repeats race.
    ///
    /// In the same transaction as the message, and only when the message is new: a pending
    /// translation queues a ``Job/Kind/translateInbound`` job for it, and a draft's
    /// ``InboundMessageDraft/consent`` sets the contact's consent (with the message's identifier and
    /// received time) and records ``ThreadEvent/Kind/consentChanged`` on the conversation; a done
    /// conversation is opened again (``ThreadEvent/Kind/stateChanged``).
    /// - Parameters:
    ///   - draft: the message.
    func appendInbound(_ draft: InboundMessageDraft) async throws(ThreadStoreError) -> AppendedMessage

    /// Receives a provider's inbound message: finds the business number by `to`, finds or creates
    /// the contact and the conversation, and appends the message as ``appendInbound(_:)`` does, with
    /// the consent change `delivery.consent` reads from the contact's consent. A repeat of the
    /// provider identifier returns the stored message and `inserted: false`.
    ///
    /// Returns only once what it stored is durable. The SQLite store writes the messages that
    /// arrive together in one transaction (a savepoint each, so one that fails loses no other);
    /// stores without their own implementation compose the calls above.
    /// - Parameters:
    ///   - delivery: the message as delivered.
    /// - Throws: ``ThreadStoreError/Code/notFound`` when `to` is not a business number.
    func receiveInbound(_ delivery: InboundDelivery) async throws(ThreadStoreError) -> InboundReceipt

    /// Appends an outbound message; a queued one gets a ``Job/Kind/sendOutbound`` job in the same
    /// transaction.
    /// - Parameters:
    ///   - draft: the message.
    func appendOutbound(_ draft: OutboundMessageDraft) async throws(ThreadStoreError) -> Message

    /// Sets a message's translation, e.g. when a pending one is translated.
    /// - Parameters:
    ///   - messageID: the message.
    ///   - translation: the translation.
    func updateTranslation(messageID: UUID, _ translation: MessageTranslation) async throws(ThreadStoreError) -> Message

    /// Stores the translation a claimed job made and completes the job, in one transaction: the
    /// message's translation, the contact's language when `language` is given and the contact has
    /// none yet (a language a person set meanwhile stands), and the job done.
    /// ``ThreadStoreError/Code/conflict``, and nothing stored, when the job is not running under
    /// `owner` (its lease expired and another worker claimed it).
    /// - Parameters:
    ///   - messageID: the message.
    ///   - translation: its translation.
    ///   - language: a language detected in it for its contact, or nil.
    ///   - contactID: the message's contact.
    ///   - jobID: the job that translated it.
    ///   - owner: the worker that claimed the job.
    func completeTranslation(
        messageID: UUID, _ translation: MessageTranslation, learning language: LanguageTag?, contactID: UUID,
        jobID: UUID, owner: String
    ) async throws(ThreadStoreError) -> Message

    /// Moves a message's delivery status forward (a status never goes back), and records the
    /// provider's identifier when given.
    /// - Parameters:
    ///   - messageID: the message.
    ///   - status: the new status.
    ///   - providerMessageID: the provider's identifier, e.g. once the provider accepted the message.
    func updateDeliveryStatus(
        messageID: UUID,
        _ status: Message.DeliveryStatus,
        providerMessageID: String?
    ) async throws(ThreadStoreError) -> Message

    /// Moves the delivery status of the message with a provider identifier forward, as a status
    /// callback reports it.
    /// - Parameters:
    ///   - providerMessageID: the provider's identifier.
    ///   - status: the new status.
    func updateDeliveryStatus(
        providerMessageID: String,
        _ status: Message.DeliveryStatus
    ) async throws(ThreadStoreError) -> Message

    /// The message with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the message's identifier.
    func message(id: UUID) async throws(ThreadStoreError) -> Message

    /// A conversation's messages after a sequence number, oldest first.
    /// - Parameters:
    ///   - conversationID: the conversation.
    ///   - afterSequence: only messages after this one; 0 for all.
    ///   - limit: the most messages to return.
    func messages(conversationID: UUID, afterSequence: Int64, limit: Int) async throws(ThreadStoreError) -> [Message]

    /// A conversation's newest messages, oldest first: what a thread shows when it opens, and, with
    /// `beforeSequence`, the page before the oldest one shown.
    /// - Parameters:
    ///   - conversationID: the conversation.
    ///   - beforeSequence: only messages before this one; nil for the newest.
    ///   - limit: the most messages to return.
    func latestMessages(conversationID: UUID, beforeSequence: Int64?, limit: Int) async throws(ThreadStoreError) -> [Message]

    /// Messages whose translation is pending, oldest first, for a translation worker.
    /// - Parameters:
    ///   - limit: the most messages to return.
    func messagesPendingTranslation(limit: Int) async throws(ThreadStoreError) -> [Message]

    // MARK: Templates

    /// Creates a template.
    /// - Parameters:
    ///   - repID: the owner; nil to share it with every rep.
    ///   - name: a short name, not empty.
    ///   - text: the text, not empty.
    func createTemplate(repID: UUID?, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate

    /// The template with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the template's identifier.
    func template(id: UUID) async throws(ThreadStoreError) -> StoredTemplate

    /// The templates a rep can use, shared and their own, by name.
    /// - Parameters:
    ///   - repID: the rep; nil for the shared ones only.
    func templates(repID: UUID?) async throws(ThreadStoreError) -> [StoredTemplate]

    /// Changes a template's name and text.
    /// - Parameters:
    ///   - id: the template.
    ///   - name: the new name, not empty.
    ///   - text: the new text, not empty.
    func updateTemplate(id: UUID, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate

    /// Deletes a template; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the template.
    func deleteTemplate(id: UUID) async throws(ThreadStoreError)

    // MARK: Leads

    /// Stores a lead with its transcript, moves its conversation's activity time to now (its
    /// arrival, whatever its transcript's times) and records ``ThreadEvent/Kind/leadAdded``, in one
    /// transaction. The turns are not appended as messages: the caller does that, with the lead's
    /// identifier in the drafts.
    /// - Parameters:
    ///   - contactID: the contact.
    ///   - conversationID: the conversation, which must be the contact's.
    ///   - source: where the lead came from, e.g. `otto`.
    ///   - transcript: what was said, in order.
    func createLead(
        contactID: UUID,
        conversationID: UUID,
        source: String,
        transcript: [LeadTurn]
    ) async throws(ThreadStoreError) -> Lead

    /// The lead with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the lead's identifier.
    func lead(id: UUID) async throws(ThreadStoreError) -> Lead

    /// A contact's leads, oldest first.
    /// - Parameters:
    ///   - contactID: the contact.
    func leads(contactID: UUID) async throws(ThreadStoreError) -> [Lead]

    /// Leads on a rep's numbers, newest first.
    /// - Parameters:
    ///   - repID: the rep whose numbers the leads came to; nil for every rep's.
    ///   - pickedUp: `false` for the leads still waiting for a rep, `true` for those picked up, nil for both.
    ///   - limit: the most leads to return.
    func leads(repID: UUID?, pickedUp: Bool?, limit: Int) async throws(ThreadStoreError) -> [Lead]

    /// Marks a lead as picked up by a rep, once: a lead already picked up keeps its first rep and
    /// time, and is returned as it is. Picking it up moves its conversation's activity time to now
    /// and records ``ThreadEvent/Kind/leadPickedUp`` in the same transaction.
    /// - Parameters:
    ///   - id: the lead.
    ///   - repID: the rep who picks it up.
    func pickUpLead(id: UUID, repID: UUID) async throws(ThreadStoreError) -> Lead

    // MARK: Events

    /// Events after an identifier, oldest first: what a stream sends after `Last-Event-ID`.
    /// - Parameters:
    ///   - id: the last event seen; 0 for the start.
    ///   - conversationIDs: only these conversations' events; nil for all.
    ///   - limit: the most events to return.
    func events(after id: Int64, conversationIDs: Set<UUID>?, limit: Int) async throws(ThreadStoreError) -> [ThreadEvent]

    /// The newest event's identifier; 0 when there is none. A new stream starts from here.
    func latestEventID() async throws(ThreadStoreError) -> Int64

    /// Deletes events recorded before a time, except the newest event, so ``latestEventID()``
    /// never goes back and ids are never reused. A stream that resumes from a deleted event gets
    /// what followed it that is still kept.
    /// - Parameters:
    ///   - before: events recorded before this go.
    /// - Returns: how many were deleted.
    @discardableResult
    func deleteEvents(before: Date) async throws(ThreadStoreError) -> Int

    /// Each commit's events as it commits, for real-time streams.
    ///
    /// The first element is ``EventSignal/live(latest:complete:)`` once nothing can be missed; from
    /// then on every commit that writes events sends them, from this process and, for a store that
    /// several replicas share, from the others. Commits arrive in commit order, which across
    /// replicas need not be identifier order. When signals may have been missed (a lost connection,
    /// a reader that fell behind), ``EventSignal/live(latest:complete:)`` comes again: read
    /// ``events(after:conversationIDs:limit:)`` from where you are sure. The stream ends when the
    /// store's database is closed.
    func eventSignals() -> AsyncStream<EventSignal>

    // MARK: Jobs

    /// Queues a job, once: when the subject already has an unfinished (queued or running) job of the
    /// kind, returns that one instead.
    /// - Parameters:
    ///   - kind: what the work is.
    ///   - subjectID: what it is on, e.g. a message.
    ///   - runAfter: not claimed before this time; nil for now.
    func enqueueJob(_ kind: Job.Kind, subjectID: UUID, runAfter: Date?) async throws(ThreadStoreError) -> Job

    /// Claims due jobs for a worker: queued ones whose ``Job/runAfter`` has come, and running ones
    /// whose lease has expired (a crashed worker's), oldest ``Job/runAfter`` first. Each claimed job
    /// is running under `owner` until the lease ends, one more attempt; each goes to exactly one
    /// claimer, however many claim at once.
    /// - Parameters:
    ///   - kinds: the kinds the worker does.
    ///   - owner: who claims them, unique to the worker, e.g. host and process.
    ///   - limit: the most jobs to claim.
    ///   - lease: how long the worker holds them before another may claim them again.
    func claimJobs(kinds: Set<Job.Kind>, owner: String, limit: Int, lease: Duration) async throws(ThreadStoreError) -> [Job]

    /// Claims one job, e.g. right after queueing it, whatever its ``Job/runAfter``: when it is queued,
    /// or running with an expired lease.
    /// - Parameters:
    ///   - id: the job; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - owner: who claims it.
    ///   - lease: how long the worker holds it.
    /// - Returns: the claimed job; nil when it is finished or another owner holds a live lease.
    func claimJob(id: UUID, owner: String, lease: Duration) async throws(ThreadStoreError) -> Job?

    /// Marks a claimed job done and clears its lease; ``ThreadStoreError/Code/conflict`` when it is not
    /// running under `owner` (its lease expired and another worker claimed it, say).
    /// - Parameters:
    ///   - id: the job.
    ///   - owner: the worker that claimed it.
    func completeJob(id: UUID, owner: String) async throws(ThreadStoreError) -> Job

    /// Puts a claimed job back in the queue for a later attempt and clears its lease;
    /// ``ThreadStoreError/Code/conflict`` when it is not running under `owner`.
    /// - Parameters:
    ///   - id: the job.
    ///   - owner: the worker that claimed it.
    ///   - runAfter: not claimed again before this time.
    ///   - error: why this attempt did not finish it.
    func retryJob(id: UUID, owner: String, runAfter: Date, error: String) async throws(ThreadStoreError) -> Job

    /// Gives a claimed job up and clears its lease; ``ThreadStoreError/Code/conflict`` when it is not
    /// running under `owner`.
    /// - Parameters:
    ///   - id: the job.
    ///   - owner: the worker that claimed it.
    ///   - error: why it was given up.
    func failJob(id: UUID, owner: String, error: String) async throws(ThreadStoreError) -> Job

    /// A subject's jobs, finished or not, oldest first.
    /// - Parameters:
    ///   - subjectID: what the jobs are on.
    func jobs(subjectID: UUID) async throws(ThreadStoreError) -> [Job]

    /// Jobs, oldest first.
    /// - Parameters:
    ///   - state: only jobs in this state; nil for all.
    ///   - limit: the most jobs to return.
    func jobs(state: Job.State?, limit: Int) async throws(ThreadStoreError) -> [Job]

    /// Deletes done and failed jobs that last changed before a time.
    /// - Parameters:
    ///   - before: jobs finished before this go.
    /// - Returns: how many were deleted.
    @discardableResult
    func deleteFinishedJobs(before: Date) async throws(ThreadStoreError) -> Int

    // MARK: Previews

    /// Stores a preview; ``ThreadStoreError/Code/conflict`` when its token is taken.
    /// - Parameters:
    ///   - preview: the preview; its conversation must exist.
    func savePreview(_ preview: StoredPreview) async throws(ThreadStoreError)

    /// The preview with a token; nil when there is none or it has expired by the store's clock.
    /// - Parameters:
    ///   - token: the token the send names.
    func preview(token: String) async throws(ThreadStoreError) -> StoredPreview?

    /// Deletes the previews that have expired by the store's clock.
    /// - Returns: how many were deleted.
    @discardableResult
    func deleteExpiredPreviews() async throws(ThreadStoreError) -> Int

    // MARK: Web sessions

    /// Stores a new web panel session.
    /// - Parameters:
    ///   - session: the session; its person must be a rep or admin in the store.
    func createWebSession(_ session: WebSessionRecord) async throws(ThreadStoreError)

    /// The session with a digest; nil when there is none.
    /// - Parameters:
    ///   - digest: the SHA-256 of the session cookie's value, as lowercase hex.
    func webSession(digest: String) async throws(ThreadStoreError) -> WebSessionRecord?

    /// The sessions with these digests, in one read, in no particular order; unknown digests are
    /// left out. Open event streams check their sessions with it, all at once.
    /// - Parameters:
    ///   - digests: the SHA-256s of the session cookies' values, as lowercase hex.
    func webSessions(digests: Set<String>) async throws(ThreadStoreError) -> [WebSessionRecord]

    /// Records a session's latest request.
    /// - Parameters:
    ///   - digest: the session.
    ///   - at: the request's time.
    func touchWebSession(digest: String, at: Date) async throws(ThreadStoreError)

    /// Ends a session; nothing happens when there is none.
    /// - Parameters:
    ///   - digest: the session.
    func deleteWebSession(digest: String) async throws(ThreadStoreError)

    /// Ends every session idle since before a time.
    /// - Parameters:
    ///   - before: sessions whose last request is older than this end.
    /// - Returns: how many ended.
    @discardableResult
    func deleteWebSessions(lastSeenBefore before: Date) async throws(ThreadStoreError) -> Int

    // MARK: Team

    /// The people with these identifiers, deactivated ones included, in one read, in no particular
    /// order; unknown identifiers are left out.
    /// - Parameters:
    ///   - ids: the people's identifiers.
    func reps(ids: Set<UUID>) async throws(ThreadStoreError) -> [Rep]

    /// Changes a person's name or role. Refused with ``ThreadStoreError/Code/conflict`` when it
    /// would leave no active admin (checked in the same transaction, so two admins demoting each
    /// other at once cannot both win).
    /// - Parameters:
    ///   - id: the person; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - name: the new name; nil keeps it.
    ///   - role: the new role; nil keeps it.
    func updateRep(id: UUID, name: String?, role: Rep.Role?) async throws(ThreadStoreError) -> Rep

    /// Deactivates a person: in one transaction, sets ``Rep/deactivatedAt``, revokes every key of
    /// theirs and deletes their web sessions, so they are signed out on every replica at once.
    /// Refused with ``ThreadStoreError/Code/conflict`` while they hold business numbers, or when
    /// they are the last active admin. A person already deactivated is returned as they are.
    /// - Parameters:
    ///   - id: the person; ``ThreadStoreError/Code/notFound`` when there is none.
    func deactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep

    /// Reactivates a deactivated person (their old keys stay revoked: issue a new one).
    /// - Parameters:
    ///   - id: the person; ``ThreadStoreError/Code/notFound`` when there is none.
    func reactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep

    /// Stores a new key. ``ThreadStoreError/Code/conflict`` when its digest is taken or its person
    /// is deactivated; ``ThreadStoreError/Code/notFound`` when its person does not exist.
    /// - Parameters:
    ///   - key: the key's record (its digest, never the key).
    func createAccessKey(_ key: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey

    /// The key with an identifier; ``ThreadStoreError/Code/notFound`` when there is none.
    /// - Parameters:
    ///   - id: the key's identifier.
    func accessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey

    /// The keys with these identifiers, revoked ones included, in one read, in no particular
    /// order; unknown identifiers are left out. Open event streams check their keys with it, all
    /// at once.
    /// - Parameters:
    ///   - ids: the keys' identifiers.
    func accessKeys(ids: Set<UUID>) async throws(ThreadStoreError) -> [StoredAccessKey]

    /// The key with a digest while it is not revoked; nil for an unknown or revoked key.
    /// - Parameters:
    ///   - digest: the SHA-256 of the presented key, as lowercase hex.
    func activeAccessKey(digest: String) async throws(ThreadStoreError) -> StoredAccessKey?

    /// ``activeAccessKey(digest:)`` with the key's person as stored now, in one read.
    func activeAccessKeyWithPerson(digest: String) async throws(ThreadStoreError) -> AccessKeySignIn?

    /// A person's keys, or the messaging core's, revoked ones included, newest first.
    /// - Parameters:
    ///   - personID: the person; nil for the messaging core's keys.
    func accessKeys(personID: UUID?) async throws(ThreadStoreError) -> [StoredAccessKey]

    /// Revokes a key and, in the same transaction, deletes its person's web sessions. Revoking a
    /// revoked key changes nothing and returns it.
    /// - Parameters:
    ///   - id: the key; ``ThreadStoreError/Code/notFound`` when there is none.
    func revokeAccessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey

    /// Rotates a key: in one transaction, revokes it, stores its replacement (same person) and
    /// deletes the person's web sessions. ``ThreadStoreError/Code/conflict`` when it was already
    /// revoked or rotated (of two rotations at once, one wins).
    /// - Parameters:
    ///   - id: the key to replace.
    ///   - replacement: the new key's record.
    func rotateAccessKey(id: UUID, replacement: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey

    /// Records a key's use. Callers touch a key at most once a minute, as web sessions.
    /// - Parameters:
    ///   - id: the key.
    ///   - at: when it was used.
    func touchAccessKey(id: UUID, at: Date) async throws(ThreadStoreError)

    /// Adds a business number assigned to an active rep. ``ThreadStoreError/Code/conflict`` when
    /// it is already a business number or the rep is deactivated.
    /// - Parameters:
    ///   - phone: the number.
    ///   - repID: the rep; ``ThreadStoreError/Code/notFound`` when there is none.
    func addBusinessNumber(_ phone: PhoneNumber, repID: UUID) async throws(ThreadStoreError) -> BusinessNumber

    /// Moves a business number, with its conversations (access follows the number's rep), to
    /// another active rep. ``ThreadStoreError/Code/conflict`` when the rep is deactivated.
    /// - Parameters:
    ///   - id: the number; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - repID: the rep who takes it.
    func reassignBusinessNumber(id: UUID, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber

    // MARK: Glossary change log

    /// Appends an entry to the glossary change log.
    /// - Parameters:
    ///   - industry: the glossary's industry.
    ///   - version: the glossary version after the change.
    ///   - author: who made it.
    ///   - action: what they did.
    ///   - detail: what changed, as JSON text; ``ThreadStoreError/Code/invalidInput`` when it is not JSON.
    func appendGlossaryChange(
        industry: String,
        version: String,
        author: String,
        action: String,
        detail: String
    ) async throws(ThreadStoreError) -> GlossaryChange

    /// The glossary change log, oldest first.
    /// - Parameters:
    ///   - industry: only this industry's entries; nil for all.
    ///   - limit: the most entries to return.
    func glossaryChanges(industry: String?, limit: Int) async throws(ThreadStoreError) -> [GlossaryChange]

    // MARK: Translation memory

    /// Adds translation-memory entries in one transaction, each with a history line (`proposed`
    /// for a proposed entry, `added` for an approved one). An approved entry supersedes the
    /// approved entry of the same industry, languages and ``MemoryEntryDraft/sourceKey``.
    /// - Parameters:
    ///   - drafts: the entries.
    ///   - replacing: true to supersede first every approved entry of the drafts' industries and
    ///     language pairs (an import that replaces the memory).
    ///   - at: when.
    /// - Returns: the entries as stored, in the drafts' order.
    func addMemoryEntries(_ drafts: [MemoryEntryDraft], replacing: Bool, at: Date) async throws(ThreadStoreError) -> [StoredMemoryEntry]

    /// An entry; ``ThreadStoreError/Code/notFound`` when there is none.
    func memoryEntry(id: UUID) async throws(ThreadStoreError) -> StoredMemoryEntry

    /// An industry's entries, most recently changed first.
    /// - Parameters:
    ///   - industry: the industry.
    ///   - status: only entries in this state; nil for all.
    ///   - limit: the most entries to return.
    func memoryEntries(industry: String, status: StoredMemoryEntry.Status?, limit: Int) async throws(ThreadStoreError) -> [StoredMemoryEntry]

    /// The approved entries of an industry from one language into any of some languages (`es` and
    /// `es-MX`), for the translation pipeline's index.
    func approvedMemoryEntries(
        industry: String, sourceLanguage: LanguageTag, targetLanguages: [LanguageTag]
    ) async throws(ThreadStoreError) -> [StoredMemoryEntry]

    /// Reviews an entry: sets its status and wording, records who and when, and adds a history line
    /// (`approved`, `rejected`, or `edited` when the status stays). Approving supersedes the approved
    /// entry of the same industry, languages and source key.
    /// - Parameters:
    ///   - id: the entry.
    ///   - status: its new status.
    ///   - target: its wording.
    ///   - note: the admin's remark; nil keeps the entry's note.
    ///   - by: the admin.
    ///   - at: when.
    ///   - onlyFrom: the statuses the entry may be in; ``ThreadStoreError/Code/conflict`` otherwise
    ///     (someone else reviewed it meanwhile). Nil for any.
    func reviewMemoryEntry(
        id: UUID, status: StoredMemoryEntry.Status, target: String, note: String?, by: String, at: Date,
        onlyFrom: Set<StoredMemoryEntry.Status>?
    ) async throws(ThreadStoreError) -> StoredMemoryEntry

    /// History lines, newest first: one entry's, or an industry's.
    /// - Parameters:
    ///   - entryID: one entry's lines; nil for the industry's.
    ///   - industry: the industry (ignored with an entry).
    ///   - limit: the most lines to return.
    func memoryHistory(entryID: UUID?, industry: String, limit: Int) async throws(ThreadStoreError) -> [MemoryHistoryEntry]

    /// A number that changes whenever the approved entries of an industry change (on any replica),
    /// so a process can keep its index and rebuild it only then.
    func memoryRevision(industry: String) async throws(ThreadStoreError) -> Int64

    // MARK: Inbox

    /// The conversations on a rep's numbers in one state, newest activity first (see
    /// ``conversations(repID:limit:before:)``).
    /// - Parameters:
    ///   - repID: the rep.
    ///   - state: only open or only done conversations; nil for both.
    ///   - limit: the most conversations to return.
    ///   - before: only conversations whose activity is older than this, for the next page; nil for the first.
    func conversations(
        repID: UUID, state: Conversation.State?, limit: Int, before: Date?
    ) async throws(ThreadStoreError) -> [ConversationSummary]

    /// Marks a conversation done, or open again, recording ``ThreadEvent/Kind/stateChanged`` when it
    /// changes. A new inbound message opens a done conversation by itself (``appendInbound(_:)``).
    /// - Parameters:
    ///   - id: the conversation; ``ThreadStoreError/Code/notFound`` when there is none.
    ///   - state: its new state.
    func setConversationState(id: UUID, _ state: Conversation.State) async throws(ThreadStoreError) -> Conversation

    // MARK: Shared state

    /// The revision of every glossary published to the database, by industry: one small read, so
    /// each replica can ask every second and reload only the glossaries that changed.
    func sharedGlossaryRevisions() async throws(ThreadStoreError) -> [String: Int64]

    /// An industry's glossary as last published; nil when none was.
    func sharedGlossary(industry: String) async throws(ThreadStoreError) -> SharedGlossary?

    /// Publishes an industry's glossary as its current one, if nobody published another since the
    /// revision the edit started from.
    /// - Parameters:
    ///   - glossary: the glossary; its `revision` is ignored (the store sets it).
    ///   - revision: the revision the edit started from, 0 when there was none;
    ///     ``ThreadStoreError/Code/conflict`` when the current one is another.
    /// - Returns: the glossary as stored, with its new revision.
    func publishGlossary(_ glossary: SharedGlossary, after revision: Int64) async throws(ThreadStoreError) -> SharedGlossary

    /// Takes a token from a token bucket every replica shares, in one statement: the bucket holds
    /// up to `capacity` tokens, refilled at `perSecond`, and starts full. An attempt that finds less
    /// than one token is refused and takes nothing.
    /// - Parameters:
    ///   - key: the bucket, e.g. `sign-in:email:dana@example.com`.
    ///   - capacity: the most tokens it holds, at least 1.
    ///   - perSecond: how fast it refills.
    ///   - at: now.
    func takeSharedToken(key: String, capacity: Double, perSecond: Double, at: Date) async throws(ThreadStoreError) -> SharedTokenDecision

    /// Adds a replica's count to a counter every replica shares for one time window, and reads the
    /// total back in the same statement.
    /// - Parameters:
    ///   - key: what is counted, e.g. an API key's caller.
    ///   - windowStart: the start of the window.
    ///   - count: what this replica adds (0 to read the total).
    /// - Returns: the window's total over every replica.
    func addToRateWindow(key: String, windowStart: Date, count: Int) async throws(ThreadStoreError) -> Int

    /// Takes a named lease for one holder until a time, when it is free, expired or already the
    /// holder's; replicas use it to take turns at work that must run once (seeding demo data).
    /// - Parameters:
    ///   - name: the lease.
    ///   - holder: who takes it.
    ///   - until: when it expires unless renewed.
    ///   - at: now.
    /// - Returns: true when `holder` now holds it.
    func acquireLease(name: String, holder: String, until: Date, at: Date) async throws(ThreadStoreError) -> Bool

    /// Gives a lease back, when `holder` holds it.
    func releaseLease(name: String, holder: String) async throws(ThreadStoreError)

    /// Deletes the shared state that has had its time: token buckets unused since `before` (full
    /// again by then), rate windows that started before it, and leases that expired before it.
    /// Published glossaries are kept (one row per industry).
    /// - Returns: how many rows were deleted.
    func deleteSharedState(before: Date) async throws(ThreadStoreError) -> Int
}

extension ThreadStore {
    /// Records a contact's consent now, whatever it was (see
    /// ``setConsent(contactID:_:messageID:onlyFrom:)``).
    public func setConsent(contactID: UUID, _ change: ConsentChange, messageID: UUID?) async throws(ThreadStoreError) -> Contact {
        try await setConsent(contactID: contactID, change, messageID: messageID, onlyFrom: nil)
    }
}
