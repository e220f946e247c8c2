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
                let fd = try Self.connect(port: port)
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

    private static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("socket() failed: errno \(errno) (too many open files? raise ulimit -n)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(fd)
            throw ValidationError("could not connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return fd
    }
}
