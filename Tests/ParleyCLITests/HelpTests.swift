import Testing

@Suite struct HelpTests {
    @Test func helpExplainsEverySubcommand() throws {
        let result = try ParleyProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("detect"))
        #expect(result.stdout.contains("Detect the language of messages."))
        #expect(result.stdout.contains("bench"))
        let detect = try ParleyProcess.run(["detect", "--help"])
        for option in ["--candidates", "--hint", "--thread", "--json", "--eval"] {
            #expect(detect.stdout.contains(option))
        }
    }
}
