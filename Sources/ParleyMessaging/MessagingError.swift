public import ParleyThreads
public import ParleyTranslation

/// A conversation workflow refused or failed.
///
/// ``message`` is for the person who asked (a rep reads it in the panel): what happened, and what to
/// do. Match on ``code``; the server maps each code to an HTTP status once.
///
/// ```swift
/// do {
///     _ = try await messaging.send(draft, in: conversationID, by: .rep(repID))
/// } catch {
///     if error.code == .optedOut { … }
/// }
/// ```
public struct MessagingError: Error, Sendable, CustomStringConvertible {
    /// What kind of refusal or failure it was.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String {
            case invalidInput, notFound, forbidden, optedOut, previewStale, notTranslated, unconfirmed, translationUnavailable
            case sendFailed, conflict, unavailable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The request is malformed: an empty message, a bad phone number, both text and template.
        public static var invalidInput: Self { Self(.invalidInput) }
        /// The conversation, contact, template or lead does not exist, or is not the caller's to see.
        public static var notFound: Self { Self(.notFound) }
        /// The caller may see it but not do this (a rep sharing a template, a rep importing a lead).
        public static var forbidden: Self { Self(.forbidden) }
        /// The contact opted out of messages; nothing is sent until they opt back in.
        public static var optedOut: Self { Self(.optedOut) }
        /// The preview a send names no longer holds (expired, another text, a changed glossary or
        /// language): preview again.
        public static var previewStale: Self { Self(.previewStale) }
        /// The translation did not pass its checks, so nothing was sent.
        public static var notTranslated: Self { Self(.notTranslated) }
        /// The translation passed its checks but raised doubts the rep has not confirmed, so
        /// nothing was sent: show them, and send again with the rep's confirmation.
        public static var unconfirmed: Self { Self(.unconfirmed) }
        /// The translation service failed (unreachable, slow, busy, answering badly); ``failure`` says how.
        public static var translationUnavailable: Self { Self(.translationUnavailable) }
        /// The SMS provider refused the message for good; it is kept as failed.
        public static var sendFailed: Self { Self(.sendFailed) }
        /// The store refused a write that conflicts with another (a taken phone number).
        public static var conflict: Self { Self(.conflict) }
        /// The conversation store could not be read or written; ``cause`` tells why.
        public static var unavailable: Self { Self(.unavailable) }

        public var description: String { value.rawValue }
    }

    /// What kind it was.
    public var code: Code
    /// A short title, e.g. "Not sent: the contact opted out".
    public var title: String
    /// What happened and what to do, in words a rep understands.
    public var message: String
    /// The pipeline's failure, for ``Code/translationUnavailable`` and ``Code/notTranslated``.
    public var failure: PipelineFailure?
    /// The underlying error, e.g. a `ThreadStoreError`.
    public var cause: (any Error)?
    /// The message as stored after the failure, when one was stored (a send the provider refused
    /// is kept as failed).
    public var storedMessage: Message?

    /// - Parameters:
    ///   - code: what kind it was.
    ///   - title: a short title.
    ///   - message: what happened and what to do.
    ///   - failure: the pipeline's failure, when translation failed.
    ///   - cause: the underlying error.
    public init(code: Code, title: String, message: String, failure: PipelineFailure? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.title = title
        self.message = message
        self.failure = failure
        self.cause = cause
    }

    public var description: String { message }

    /// The technical detail behind ``message``, for admins and the server log, never for a rep:
    /// the pipeline's failure with the backend's name, error kind and HTTP status, or the
    /// underlying error. Nil when there is none.
    public var adminDetail: String? {
        if let failure { return failure.detail }
        return cause.map { String(describing: $0) }
    }

    /// The refusal of a reply the translation service failed to translate: what happened in plain
    /// words (whole seconds, no host, port or internal name), that nothing was sent, and when to
    /// try again. ``adminDetail`` keeps the backend's detail.
    /// - Parameters:
    ///   - failure: the pipeline's failure.
    public static func translationUnavailable(_ failure: PipelineFailure) -> MessagingError {
        let error = failure.translationError
        let when: String
        if let code = error?.code, [.authentication, .quotaExceeded, .notConfigured].contains(code) {
            when = "Nothing was sent."
        } else {
            when = "Nothing was sent; try again " + (error?.retryAfterSeconds.map { "in \($0) s." } ?? "shortly.")
        }
        return MessagingError(
            code: .translationUnavailable, title: "Translation service unavailable", message: "\(failure.message) \(when)", failure: failure)
    }

    static func invalidInput(_ title: String, _ message: String) -> Self { Self(code: .invalidInput, title: title, message: message) }
    static func notFound(_ title: String, _ message: String) -> Self { Self(code: .notFound, title: title, message: message) }
    static func forbidden(_ title: String, _ message: String) -> Self { Self(code: .forbidden, title: title, message: message) }

    /// A store failure as a messaging error: not found, a conflict and bad input keep their meaning,
    /// the rest is the store being unavailable.
    init(_ error: ThreadStoreError) {
        switch error.code {
        case .notFound: self.init(code: .notFound, title: "Not found", message: error.message, cause: error)
        case .conflict: self.init(code: .conflict, title: "Conflict", message: error.message, cause: error)
        case .invalidInput: self.init(code: .invalidInput, title: "Invalid input", message: error.message, cause: error)
        default: self.init(code: .unavailable, title: "Conversation store unavailable", message: error.message, cause: error)
        }
    }
}

extension MessagingError {
    /// Runs a store call, turning its error into a ``MessagingError``.
    static func store<T>(_ work: () async throws(ThreadStoreError) -> T) async throws(MessagingError) -> T {
        do {
            return try await work()
        } catch {
            throw MessagingError(error)
        }
    }
}
