internal import Metrics
internal import ParleyThreads

/// Parley's own counters, through swift-metrics: whatever backend the process bootstrapped
/// (Prometheus for `parley serve`) receives them.
enum MessagingMetrics {
    /// An inbound SMS was stored (`duplicate` when the provider sent it again).
    static func inbound(duplicate: Bool) {
        Counter(label: "parley_inbound_messages_total", dimensions: [("duplicate", duplicate ? "true" : "false")]).increment()
    }

    /// A translation finished with this status.
    static func translation(_ direction: Message.Direction, _ status: Message.TranslationStatus) {
        Counter(
            label: "parley_translations_total",
            dimensions: [("direction", direction.rawValue), ("status", status.rawValue)]
        ).increment()
    }

    /// An outbound SMS was handed to the sender (`sent`), refused by it for good (`failed`), left
    /// queued for a later try (`retrying`), or held back because its translation failed its checks
    /// (`held`), raised doubts the rep did not confirm (`unconfirmed`), or the contact opted out or
    /// may have (`optedOut`).
    static func outbound(_ outcome: String) {
        Counter(label: "parley_outbound_messages_total", dimensions: [("outcome", outcome)]).increment()
    }
}
