public import Foundation

/// A piece of background work the store keeps until a worker has done it, so a crash or a restart
/// loses nothing: a worker claims it for a while (a lease), then completes, retries or fails it.
///
/// There is at most one unfinished (queued or running) job per ``kind`` and ``subjectID``.
public struct Job: Sendable, Hashable, Codable, Identifiable {
    /// What the work is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Translate an inbound message; ``Job/subjectID`` names a message whose translation is pending.
        case translateInbound
        /// Hand an outbound message to the SMS provider; ``Job/subjectID`` names a queued message.
        case sendOutbound
    }

    /// Where the job stands.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for a worker, from ``Job/runAfter`` on.
        case queued
        /// Claimed by ``Job/leaseOwner`` until ``Job/leaseExpiresAt``.
        case running
        /// Done.
        case done
        /// Given up; ``Job/lastError`` says why.
        case failed
    }

    /// The job's identifier.
    public var id: UUID
    /// What the work is.
    public var kind: Kind
    /// What the work is on, e.g. a message.
    public var subjectID: UUID
    /// Where the job stands.
    public var state: State
    /// How many times it was claimed.
    public var attempts: Int
    /// Not claimed before this time.
    public var runAfter: Date
    /// Who holds it while running.
    public var leaseOwner: String?
    /// When a running job's lease ends; after that another worker may claim it again.
    public var leaseExpiresAt: Date?
    /// Why it was retried or given up.
    public var lastError: String?
    /// When it was queued.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
}
