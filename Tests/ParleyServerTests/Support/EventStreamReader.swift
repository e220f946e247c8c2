import Foundation
import ParleyTesting
import Synchronization

/// A real server-sent-events client: `curl -N` on the stream, its output collected as it comes,
/// parsed into events.
final class EventStreamReader: Sendable {
    struct Event: Sendable {
        var id: String?
        var name: String?
        var data: String
    }

    /// The stream's text so far, shared with the pipe's reader.
    final class Received: Sendable {
        let text = Mutex<String>("")
    }

    private let process: ChildProcess
    private let received = Received()

    /// Opens the stream.
    /// - Parameters:
    ///   - url: the stream's URL.
    ///   - key: the API key.
    ///   - lastEventID: resume after this event.
    init(url: String, key: String, lastEventID: String? = nil) throws {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var arguments = ["-sN", "--max-time", "60", "-H", "Authorization: Bearer \(key)", "-H", "Accept: text/event-stream"]
        if let lastEventID { arguments += ["-H", "Last-Event-ID: \(lastEventID)"] }
        process.arguments = arguments + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [received] handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            received.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// The events received so far.
    var events: [Event] {
        received.text.withLock { $0 }.components(separatedBy: "\n\n").dropLast().compactMap { block -> Event? in
            var event = Event(data: "")
            var isEvent = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)); isEvent = true }
                if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)); isEvent = true }
                if line.hasPrefix("data: ") { event.data += String(line.dropFirst(6)); isEvent = true }
            }
            return isEvent ? event : nil
        }
    }

    /// Whether the stream has opened (the server's `retry:` line came).
    var isOpen: Bool { received.text.withLock { $0.hasPrefix("retry:") } }

    /// Waits up to `timeout` for an event that `matches`.
    func first(within timeout: Duration = .seconds(20), where matches: (Event) -> Bool) async throws -> Event? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: matches) { return event }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Waits up to `timeout` for the stream to open.
    func waitUntilOpen(within timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if isOpen { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Stops the client; the server sees the connection close.
    func close() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
