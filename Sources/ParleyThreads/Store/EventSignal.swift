/// What a ``ThreadStore/eventSignals()`` stream carries: the events each commit wrote, as it commits.
///
/// Commits arrive in the order they committed. Within one commit events are in identifier order,
/// but across commits identifiers need not grow: on PostgreSQL, replicas write events without a
/// lock shared by the cluster, so a commit may carry an identifier lower than one that arrived
/// before it. A reader that resumes from an identifier keeps that in mind (see ``EventWatermark``).
public enum EventSignal: Sendable, Hashable {
    /// The stream is live: every commit from now on arrives as ``committed(_:)``. `latest` is the
    /// newest event identifier at that point. `complete` says whether commits by other processes
    /// arrive too (a store several replicas share) or only this process's (SQLite, whose other
    /// writers a reader finds by reading the store now and then).
    ///
    /// It comes first, and again whenever commits may have been missed (a lost connection that was
    /// replaced, or a reader that fell too far behind): read the store from where you are sure.
    case live(latest: Int64, complete: Bool)
    /// The events one commit wrote, in identifier order.
    case committed([ThreadEvent])
}
