import Foundation
import Glibc
import ParleyTesting
import Testing

/// The tests' own process spawner: what a child inherits, and what it reports back.
@Suite struct ChildProcessTests {
    /// With two thousand descriptors open here (as a busy test process has), each of forty
    /// children sees its standard input, output and error and none of them.
    @Test func aChildInheritsOnlyItsStandardStreams() throws {
        let held = (0..<2_000).map { _ in open("/dev/null", O_RDONLY) }  // not close-on-exec
        defer { for descriptor in held where descriptor >= 0 { close(descriptor) } }
        #expect(held.allSatisfy { $0 >= 0 })
        for _ in 0..<40 {
            let child = ChildProcess()
            child.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The shell's `ls` opens one directory of its own to list it.
            child.arguments = ["-c", "ls /proc/$$/fd"]
            let output = Pipe()
            child.standardOutput = output
            child.standardError = FileHandle.nullDevice
            try child.run()
            let listed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            #expect(child.terminationStatus == 0 && child.terminationReason == .exit)
            // Its standard streams, and none of the descriptors held here (other tests running at
            // the same time may open one between the listing and the spawn; those are theirs).
            let seen = Set(listed.split(separator: "\n").compactMap { Int32($0) })
            #expect(seen.isSuperset(of: [0, 1, 2]))
            #expect(seen.isDisjoint(with: held), "\(seen.intersection(held).sorted())")
        }
    }

    @Test func theExitCodeInputAndEnvironmentReachTheChild() throws {
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "read line; echo \"$line $GREETING\"; exit 3"]
        child.environment = ["GREETING": "hola"]
        let input = Pipe()
        let output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        try child.run()
        input.fileHandleForWriting.write(Data("buenos días\n".utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        #expect(printed == "buenos días hola\n")
        #expect(child.terminationStatus == 3 && child.terminationReason == .exit)
    }

    @Test func aSignalThatEndsTheChildIsItsStatus() throws {
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["60"]
        try child.run()
        #expect(child.isRunning)
        child.terminate()
        child.waitUntilExit()
        #expect(!child.isRunning)
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGTERM)
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        let child = ChildProcess()
        child.executableURL = URL(fileURLWithPath: "/nonexistent/parley")
        #expect(throws: SpawnError.self) { try child.run() }
        #expect(!child.isRunning)
    }
}
