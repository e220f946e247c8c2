import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Many open `GET /v1/events` streams on plain loopback sockets, as idle browser tabs hold them:
/// each sends its request, reads the answer's first bytes to see it was accepted, then stays open
/// without reading until ``close()``.
final class IdleEventStreams {
    private var sockets: [Int32] = []

    /// Opens `count` streams to `port` with the API key `key`.
    /// - Throws: when a connection fails or a stream is not answered with 200 within 30 s.
    init(count: Int, port: Int, key: String) throws {
        let request = Array(
            "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nAccept: text/event-stream\r\n\r\n".utf8)
        do {
            for _ in 0..<count {
                let fd = try LoopbackConnection.connect(port: port)
                sockets.append(fd)
                let written = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard written == request.count else { throw ValidationError("could not send an event stream's request: errno \(errno)") }
            }
            // Every request first, then every answer's head.
            for fd in sockets {
                var timeout = timeval(tv_sec: 30, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 512)
                let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                let head = read > 0 ? String(decoding: buffer[0..<read], as: UTF8.self) : ""
                guard head.hasPrefix("HTTP/1.1 200") else {
                    throw ValidationError("an event stream was not accepted: \(head.prefix(200).isEmpty ? "no answer in 30 s" : String(head.prefix(200)))")
                }
            }
        } catch {
            close()
            throw error
        }
    }

    /// How many streams are open.
    var count: Int { sockets.count }

    /// Closes every stream.
    func close() {
        for fd in sockets { Glibc.close(fd) }
        sockets = []
    }

    deinit { close() }
}
