import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "In-thread translation for business SMS.",
        discussion: """
            Contacts write in any language; reps work in English. Parley detects the language of each \
            message and translates between the contact's language and the rep's English.
            """,
        subcommands: [DetectCommand.self, TranslateCommand.self, GlossaryCommand.self, ServeCommand.self, AdminCommand.self, BackupCommand.self, BenchCommand.self,
            YardstickServerCommand.self]
    )
}
