public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests, with the part of `Foundation.Process`'s interface the tests use.
///
/// `Foundation.Process.run()` on Linux (through Swift 6.3.1) lists `/proc/self/fd` by copying
/// each entry's whole 256-byte `d_name`, reading past the end of glibc's directory buffer; with
/// the hundreds of descriptors a test process holds, that buffer fills and the copy now and then
/// crosses into an unmapped page and the whole test process dies of SIGSEGV
/// (swift-corelibs-foundation #5472). This type spawns with `posix_spawn` itself, reads the
/// descriptor names without copying past them, and closes every inherited descriptor above
/// standard error in the child, as `Process` does.
///
/// Standard input, output and error are each a `Pipe`, a `FileHandle` (`FileHandle.nullDevice`
/// for `/dev/null`) or `nil` (`/dev/null`); by default the child shares the test's own. SIGTERM,
/// SIGINT, SIGHUP, SIGQUIT, SIGCHLD and SIGALRM start at their defaults in the child; no signal is blocked; SIGPIPE
/// keeps the disposition it has here, as with `Process`.
public final class ChildProcess: @unchecked Sendable {
    /// The program to run.
    public var executableURL: URL?
    /// Its arguments, without the program's name.
    public var arguments: [String]?
    /// Its whole environment; `nil` passes this process's.
    public var environment: [String: String]?
    public var standardInput: Any? = FileHandle.standardInput
    public var standardOutput: Any? = FileHandle.standardOutput
    public var standardError: Any? = FileHandle.standardError

    private struct State {
        var pid: pid_t = 0
        var status: (reason: Process.TerminationReason, code: Int32)?
    }
    private let state = Mutex(State())
    private let exited = NSCondition()

    public init() {}

    /// The child's process id, 0 before `run()`.
    public var processIdentifier: Int32 { state.withLock { $0.pid } }

    /// Whether the child was started and has not been reaped yet.
    public var isRunning: Bool { state.withLock { $0.pid != 0 && $0.status == nil } }

    /// The exit code, or the signal that ended the child. Only after it ended.
    public var terminationStatus: Int32 {
        guard let status = state.withLock({ $0.status }) else { preconditionFailure("the process is still running") }
        return status.code
    }

    /// Whether the child exited or was ended by a signal. Only after it ended.
    public var terminationReason: Process.TerminationReason {
        guard let status = state.withLock({ $0.status }) else { preconditionFailure("the process is still running") }
        return status.reason
    }

    /// Sends SIGTERM.
    public func terminate() { send(SIGTERM) }

    /// Sends SIGINT.
    public func interrupt() { send(SIGINT) }

    private func send(_ signal: Int32) {
        let pid = processIdentifier
        precondition(pid != 0, "the process was not started")
        _ = kill(pid, signal)
    }

    /// Blocks the calling thread until the child has ended.
    public func waitUntilExit() {
        exited.lock()
        while state.withLock({ $0.status == nil }) { exited.wait() }
        exited.unlock()
    }

    /// Starts the child.
    /// - Throws: `SpawnError` when the program cannot be started.
    public func run() throws {
        guard let executableURL else { throw SpawnError(program: "", code: EINVAL) }
        let path = executableURL.path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        let streams: [(Any?, Int32, Bool)] = [
            (standardInput, STDIN_FILENO, true), (standardOutput, STDOUT_FILENO, false),
            (standardError, STDERR_FILENO, false),
        ]
        for (stream, target, reads) in streams {
            switch stream {
            case let pipe as Pipe:
                let end = reads ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target)
            case let handle as FileHandle where handle === FileHandle.nullDevice:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reads ? O_RDONLY : O_WRONLY, 0)
            case let handle as FileHandle:
                if handle.fileDescriptor != target {
                    posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
                }
            default:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reads ? O_RDONLY : O_WRONLY, 0)
            }
        }
        // After the dup2s: nothing else this process has open reaches the child.
        for descriptor in Self.openDescriptors() where descriptor > STDERR_FILENO {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        // Signals this test process ignores (SIGTERM, SIGINT for ServiceLifecycle) are the child's
        // to handle: back to their defaults. SIGPIPE stays as inherited, as with `Process`.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGALRM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([path] + (arguments ?? [])).map { strdup($0) } + [nil]
        let environment = environment ?? ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(program: path, code: result) }

        // The child has its own copies of the ends it uses.
        if let pipe = standardInput as? Pipe { try? pipe.fileHandleForReading.close() }
        if let pipe = standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = standardError as? Pipe { try? pipe.fileHandleForWriting.close() }

        let spawned = pid
        state.withLock { $0.pid = spawned }
        let reaper = Thread { [self] in reap(spawned) }
        reaper.name = "ChildProcess.reap \(spawned)"
        reaper.start()
    }

    private func reap(_ pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7F
        let ended: (Process.TerminationReason, Int32) =
            signal == 0 ? (.exit, (status >> 8) & 0xFF) : (.uncaughtSignal, signal)
        exited.lock()
        state.withLock { $0.status = ended }
        exited.broadcast()
        exited.unlock()
    }

    /// The descriptors open in this process, read from `/proc/self/fd` (each name read up to its
    /// terminating zero only).
    private static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return Array(3..<Int32(getdtablesize())) }
        defer { closedir(directory) }
        let skip = dirfd(directory)
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        var descriptors: [Int32] = []
        while let entry = readdir(directory) {
            let name = (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self)
            if let descriptor = Int32(String(cString: name)), descriptor != skip {
                descriptors.append(descriptor)
            }
        }
        return descriptors
    }
}

/// A child process could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    /// The program's path.
    public var program: String
    /// The `errno` value `posix_spawn` returned.
    public var code: Int32

    public var description: String {
        "cannot start \(program.isEmpty ? "a process without a program" : program): \(String(cString: strerror(code)))"
    }
}
