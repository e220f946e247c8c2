import ArgumentParser
import Foundation
import ParleyMessaging
import ParleyServer
import ParleyThreads

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Set up the team from the command line, where the database is: the first admin of a new install.",
        discussion: """
            Admins manage people, keys and numbers in the app (/admin/team, /v1/people); this command is \
            for the operator, who has the database: create the first admin of a new install and print \
            their key, or give an admin who lost theirs a new one, and list the team.
            """,
        subcommands: [AdminCreateCommand.self, AdminPeopleCommand.self]
    )
}

/// Where the team lives: the conversation database `parley serve` uses.
struct AdminDatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The conversation database: an SQLite file path, or a postgres:// URL (default parley.sqlite; PARLEY_DATABASE).",
        valueName: "path"))
    var database: String?

    var resolved: String {
        database ?? ProcessInfo.processInfo.environment["PARLEY_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "parley.sqlite"
    }

    /// Runs `body` on the opened store, closing it afterwards.
    func withStore<T>(_ body: (any ThreadStore) async throws -> T) async throws -> T {
        let opened = try await ServeCommand.open(resolved)
        do {
            let value = try await body(opened.store)
            await opened.close()
            return value
        } catch {
            await opened.close()
            throw error
        }
    }
}

struct AdminCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin",
        abstract: "Create an admin and print their key once (for an existing admin: a new key).",
        discussion: """
            Prints the key alone on standard output, so a script can keep it: \
            KEY=$(parley admin create-admin --email ana@example.com --name "Ana Ortiz"). Only its SHA-256 is \
            stored: it cannot be shown again. The admin signs in to the web panel with their email and \
            this key, or calls the API with Authorization: Bearer KEY, and invites the team from there.
            """
    )

    @Option(help: "The admin's email; it is how they sign in.")
    var email: String

    @Option(help: "The admin's name (for a new admin).")
    var name: String?

    @OptionGroup var storage: AdminDatabaseOptions

    func run() async throws {
        let invitation = try await storage.withStore { store in
            try await TeamOperator(store: store).createAdmin(email: email, name: name ?? "")
        }
        let person = invitation.person
        FileHandle.standardError.write(
            Data(
                """
                parley: admin \(person.name) <\(person.email)>, key …\(invitation.key.record.hint) (\(invitation.key.record.label))
                parley: copy the key below now: it is not shown again. Sign in at /sign-in with \(person.email) and this key.

                """.utf8))
        print(invitation.key.key)
    }
}

struct AdminPeopleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "List the team: name, email, role, status, numbers and active keys' last 4 characters, tab-separated."
    )

    @OptionGroup var storage: AdminDatabaseOptions

    func run() async throws {
        let team = try await storage.withStore { store in try await TeamOperator(store: store).team() }
        for member in team {
            let person = member.person
            let numbers = member.numbers.map(\.phone.e164).joined(separator: ",")
            let keys = member.keys.filter(\.isActive).map { "…" + $0.hint }.joined(separator: ",")
            print([person.name, person.email, person.role.rawValue, person.isActive ? "active" : "deactivated", numbers, keys].joined(separator: "\t"))
        }
    }
}
