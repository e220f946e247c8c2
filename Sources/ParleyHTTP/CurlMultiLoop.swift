internal import CCurl
internal import Foundation

/// The `curl_multi` handle and the thread loop that drives every transfer.
///
/// The thread starts with the first submitted transfer, not before. ``drain(_:)`` refuses new
/// transfers, lets the running ones finish, then stops the thread; ``requestStop()`` (the client
/// released) aborts the running ones.
final class CurlMultiLoop: @unchecked Sendable {
    private enum State { case idle, running, draining, stopped }

    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var state = State.idle
    private var queued: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var stopRequested = false
    private var drainWaiters: [@Sendable () -> Void] = []

    init(configuration: ParleyHTTPClient.Configuration) {
        guard let multi = curl_multi_init() else { fatalError("libcurl could not create a multi handle (out of memory)") }
        self.multi = multi
        _ = parley_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maximumIdleConnections)
        if let perHost = configuration.maximumConnectionsPerHost {
            _ = parley_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, perHost))
        }
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Queues a transfer, starting the thread when it is the first; fails it at once when the loop
    /// is draining or stopped.
    func submit(_ transfer: CurlTransfer) {
        lock.lock()
        if state == .draining || state == .stopped || stopRequested || transfer.cancelRequested {
            let error = transfer.cancelRequested ? Self.cancelledError : Self.shutdownError
            lock.unlock()
            transfer.finish(.failure(error))
            return
        }
        queued.append(transfer)
        let start = state == .idle
        if start { state = .running }
        lock.unlock()
        if start {
            // The thread holds the loop, not the client: a client released at any time stops its loop.
            let thread = Thread { [self] in run() }
            thread.name = "parley-curl"
            thread.start()
        } else {
            curl_multi_wakeup(multi)
        }
    }

    /// Cancels a transfer whether it is queued, running or not yet submitted (the task may be
    /// cancelled before `submit`); the flag is read under the same lock.
    func cancel(_ transfer: CurlTransfer) {
        lock.lock()
        transfer.cancelRequested = true
        cancelled.append(transfer)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// Refuses new transfers and calls `done` once the running ones have finished and the thread has stopped.
    func drain(_ done: @escaping @Sendable () -> Void) {
        lock.lock()
        switch state {
        case .idle, .stopped:
            state = .stopped
            lock.unlock()
            done()
        case .running, .draining:
            state = .draining
            drainWaiters.append(done)
            lock.unlock()
            curl_multi_wakeup(multi)
        }
    }

    /// Aborts every transfer and stops the thread (the client was released).
    func requestStop() {
        lock.lock()
        stopRequested = true
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            lock.lock()
            let stopping = stopRequested
            let newTransfers = queued.map { (transfer: $0, cancelled: $0.cancelRequested) }
            queued.removeAll()
            let toCancel = cancelled
            cancelled.removeAll()
            lock.unlock()

            for (transfer, wasCancelled) in newTransfers {
                if wasCancelled || stopping {
                    transfer.finish(.failure(stopping ? Self.shutdownError : Self.cancelledError))
                    continue
                }
                active[ObjectIdentifier(transfer)] = transfer
                curl_multi_add_handle(multi, transfer.easy)
            }
            for transfer in toCancel {
                guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil else { continue }
                curl_multi_remove_handle(multi, transfer.easy)
                transfer.finish(.failure(Self.cancelledError))
            }
            if stopping {
                for transfer in active.values {
                    curl_multi_remove_handle(multi, transfer.easy)
                    transfer.finish(.failure(Self.shutdownError))
                }
                active.removeAll()
                finishDraining()
                return
            }

            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                var pointer: UnsafeMutableRawPointer?
                _ = parley_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
                guard let pointer else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
                active.removeValue(forKey: ObjectIdentifier(transfer))
                curl_multi_remove_handle(multi, easy)
                transfer.complete(code)
            }

            lock.lock()
            let drained = state == .draining && queued.isEmpty && cancelled.isEmpty && active.isEmpty
            lock.unlock()
            if drained {
                finishDraining()
                return
            }
            curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
    }

    /// Marks the loop stopped and tells whoever waits for the drain.
    private func finishDraining() {
        lock.lock()
        state = .stopped
        let waiters = drainWaiters
        drainWaiters.removeAll()
        lock.unlock()
        for waiter in waiters { waiter() }
    }

    static let cancelledError = ParleyHTTPClientError(.cancelled, message: "the request was cancelled")
    static let shutdownError = ParleyHTTPClientError(
        .shutdown, message: "the HTTP client was shut down; requests need a client that is still running")
}
