import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A translation backend that takes every connection on a loopback port and answers nothing for
/// `delay`, then 503: what a backend on its knees looks like to Parley. For `parley bench webhooks`.
final class SlowBackend: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let delay: Duration
    private let lock = NSLock()
    private var stopped = false

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(delay: Duration) throws {
        self.delay = delay
        port = try ServeProcess.freeLoopbackPort()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                lock.lock()
                defer { lock.unlock() }
                if stopped { return }
                continue
            }
            let delay = self.delay
            Thread {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                _ = read(connection, &buffer, buffer.count)
                let (seconds, attoseconds) = delay.components
                usleep(useconds_t(min(Int64(UInt32.max), seconds * 1_000_000 + attoseconds / 1_000_000_000_000)))
                let answer = Array("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                _ = answer.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }.start()
        }
    }
}
