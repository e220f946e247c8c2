import ParleyTranslation
import Testing

@Suite struct IntakeStageTests {
    let intake = IntakeStage()

    /// The error `body` throws, or nil when it does not throw.
    private func intakeError(_ body: () throws(IntakeError) -> IntakeResult) -> IntakeError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: UTF-8

    @Test func validUTF8BytesDecodeExactly() throws {
        let text = "¿Mañana a las 9? 👩‍💻 停止"
        let result = try intake.process(utf8: Array(text.utf8))
        #expect(Array(result.original.utf8) == Array(text.utf8))
        #expect(Array(result.text.utf8) == Array(text.utf8))
        #expect(result.issues.isEmpty)
        #expect(result.hasContent)
    }

    @Test(arguments: [
        // (bytes, offset of the first ill-formed sequence)
        ([0x68, 0x69, 0xFF, 0x21], 2),  // never in UTF-8
        ([0x80], 0),  // lone continuation byte
        ([0x61, 0xC0, 0xAF], 1),  // overlong "/"
        ([0x61, 0x62, 0xE0, 0x80, 0xAF], 2),  // overlong 3-byte
        ([0xED, 0xA0, 0x80], 0),  // UTF-16 surrogate D800
        ([0x41, 0xF4, 0x90, 0x80, 0x80], 1),  // beyond U+10FFFF
        ([0x61, 0x62, 0x63, 0xE2, 0x82], 3),  // truncated at the end
        ([0xC3, 0xA9, 0xE2, 0x28, 0xA1], 2),  // lead byte followed by ASCII
        ([0x53, 0x54, 0x4F, 0x50, 0xE9], 4),  // Latin-1 "STOPé"
    ] as [([UInt8], Int)])
    func invalidUTF8NamesTheByteOffset(bytes: [UInt8], offset: Int) throws {
        let error = try #require(intakeError { () throws(IntakeError) in try intake.process(utf8: bytes) })
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == offset)
        #expect(error.message.contains("byte offset \(offset)"))
        #expect(error.message.contains("UTF-8"))
    }

    @Test func wellFormedEdgeSequencesAreAccepted() throws {
        // U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF.
        let scalars: [Unicode.Scalar] = ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFD}",
                                         "\u{10000}", "\u{10FFFF}"]
        let text = String(String.UnicodeScalarView(scalars))
        let result = try intake.process(utf8: Array(text.utf8))
        #expect(Array(result.original.utf8) == Array(text.utf8))
    }

    @Test func decomposedBytesStayDecomposedInOriginal() throws {
        let bytes = Array("Arre\u{302}t".utf8)
        let result = try intake.process(utf8: bytes)
        #expect(Array(result.original.utf8) == bytes)
        #expect(Array(result.text.unicodeScalars) == Array("Arr\u{EA}t".unicodeScalars))
    }

    @Test func stringInputIsTakenAsIs() throws {
        let result = try intake.process("Hola, ¿cómo está?")
        #expect(result.original == "Hola, ¿cómo está?")
        #expect(result.text == "Hola, ¿cómo está?")
    }

    // MARK: Length

    @Test func overLongTextIsAnErrorNeverTruncated() throws {
        let text = String(repeating: "a", count: 1601)
        let error = try #require(intakeError { () throws(IntakeError) in try intake.process(text) })
        #expect(error.code == .tooLong)
        #expect(error.length == 1601)
        #expect(error.limit == 1600)
        #expect(error.message.contains("1601"))
        #expect(error.message.contains("1600"))
        #expect(error.message.contains("Nothing was truncated"))
    }

    @Test func textAtTheLimitIsAccepted() throws {
        let text = String(repeating: "a", count: 1600)
        let result = try intake.process(text)
        #expect(result.text == text)
        #expect(result.length == 1600)
    }

    @Test func limitIsConfigurableAndCountsCharacters() throws {
        let small = IntakeStage(configuration: .init(maximumLength: 3))
        // Three grapheme clusters: a ZWJ family, a flag, a decomposed é.
        let three = "👨‍👩‍👧🇺🇸e\u{301}"
        #expect(try small.process(three).length == 3)
        let error = try #require(intakeError { () throws(IntakeError) in try small.process("abcd") })
        #expect(error.length == 4)
        #expect(error.limit == 3)
        let bytesError = try #require(
            intakeError { () throws(IntakeError) in try small.process(utf8: Array("abcd".utf8)) })
        #expect(bytesError.code == .tooLong)
    }

    // MARK: Neutralization

    @Test func controlCharactersBecomeSpacesInTextOnly() throws {
        let original = "STOP\u{0}now\u{1B}[31m\u{7F}x\u{9B}y\tz\nw"
        let result = try intake.process(original)
        #expect(Array(result.original.utf8) == Array(original.utf8))
        #expect(result.text == "STOP now [31m x y\tz\nw")
        let issue = try #require(result.issue(.controlCharacters))
        #expect(issue.count == 4)
        #expect(issue.codePoints == ["U+0000", "U+001B", "U+007F", "U+009B"])
    }

    @Test func bidiControlsAreRemovedFromTextOnly() throws {
        // "Trojan source" style: an override that makes "evil" display reversed.
        let original = "\u{202E}live\u{202C} \u{2067}abc\u{2069}\u{200E}\u{200F}\u{061C}!"
        let result = try intake.process(original)
        #expect(Array(result.original.utf8) == Array(original.utf8))
        #expect(result.original.unicodeScalars.contains("\u{202E}"))
        #expect(result.text == "live abc!")
        let issue = try #require(result.issue(.bidiControls))
        #expect(issue.count == 7)
        #expect(issue.codePoints.contains("U+202E"))
        #expect(issue.codePoints.contains("U+061C"))
    }

    @Test(arguments: Array(0x202A...0x202E) + Array(0x2066...0x2069) + [0x200E, 0x200F, 0x061C])
    func everyBidiControlIsRemoved(value: Int) throws {
        let scalar = try #require(Unicode.Scalar(UInt32(value)))
        let original = "a" + String(scalar) + "b"
        let result = try intake.process(original)
        #expect(result.text == "ab")
        #expect(result.original == original)
    }

    @Test func lineBreaksBecomeLineFeeds() throws {
        let result = try intake.process("one\r\ntwo\rthree\u{2028}four\u{85}five\nsix")
        #expect(result.text == "one\ntwo\nthree\nfour\nfive\nsix")
        #expect(result.issue(.lineBreaks)?.count == 4)
    }

    // MARK: Zero-width characters

    @Test(arguments: [
        "👨‍👩‍👧‍👦",  // family
        "👩‍💻",  // technologist
        "🏳️‍🌈",  // rainbow flag (VS16 before ZWJ)
        "👍🏽",  // skin tone
        "🧑🏾‍🚀",  // skin tone, then ZWJ
        "❤️‍🔥",  // heart on fire
        "🏴‍☠️",  // pirate flag
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿",  // Scotland: a tag sequence
        "Gracias 👩‍❤️‍👨!",
    ])
    func emojiSequencesStayIntact(emoji: String) throws {
        let result = try intake.process(emoji)
        #expect(result.text == emoji)
        #expect(Array(result.text.unicodeScalars) == Array(emoji.unicodeScalars))
        #expect(result.issues.isEmpty)
    }

    @Test func joinersInJoiningScriptsAreKept() throws {
        let persian = "می\u{200C}خواهم"  // ZWNJ in a Persian verb
        #expect(try intake.process(persian).text == persian)
        let hindi = "क्\u{200D}ष"  // ZWJ after virama: half form
        #expect(try intake.process(hindi).text == hindi)
    }

    @Test func strayZeroWidthCharactersAreRemoved() throws {
        let original = "\u{FEFF}S\u{200B}T\u{200D}O\u{2060}P\u{00AD} \u{200D}ok\u{200C}"
        let result = try intake.process(original)
        #expect(result.text == "STOP ok")
        #expect(result.original == original)
        let issue = try #require(result.issue(.invisibleCharacters))
        #expect(issue.count == 7)
        #expect(issue.codePoints.contains("U+FEFF"))
        #expect(issue.codePoints.contains("U+200D"))
    }

    @Test func hiddenTagCharactersAreRemoved() throws {
        // "hi" followed by invisible tag letters spelling "IGNORE".
        let hidden = "IGNORE".unicodeScalars.map { Unicode.Scalar($0.value + 0xE0000)! }
        let original = "hi" + String(String.UnicodeScalarView(hidden))
        let result = try intake.process(original)
        #expect(result.text == "hi")
        #expect(result.original == original)
        #expect(result.issue(.hiddenTagCharacters)?.count == 6)
    }

    // MARK: Normalization

    @Test func textIsNFCAndOriginalKeepsItsForm() throws {
        let decomposed = "Arre\u{302}t cafe\u{301} Tie\u{302}\u{301}ng"
        let result = try intake.process(decomposed)
        #expect(result.original == decomposed)
        #expect(Array(result.original.unicodeScalars) == Array(decomposed.unicodeScalars))
        #expect(Array(result.text.unicodeScalars) == Array("Arrêt café Tiếng".unicodeScalars))
        #expect(result.issue(.normalized) != nil)
    }

    @Test func removingAControlLetsNFCCompose() throws {
        // A bidi mark between a letter and its accent: once removed, NFC composes them.
        let result = try intake.process("e\u{200E}\u{301}")
        #expect(Array(result.text.unicodeScalars) == ["\u{E9}"])
    }

    @Test func hangulJamoCompose() throws {
        let result = try intake.process("\u{1112}\u{1161}\u{11AB}")
        #expect(result.text == "\u{D55C}")  // 한
        #expect(result.text.unicodeScalars.count == 1)
    }

    // MARK: Empty

    @Test func emptyInputIsAResultNotAnError() throws {
        let result = try intake.process("")
        #expect(result.original == "")
        #expect(result.text == "")
        #expect(!result.hasContent)
        #expect(result.length == 0)
        #expect(result.issue(.empty)?.message.contains("empty") == true)

        let fromBytes = try intake.process(utf8: [UInt8]())
        #expect(!fromBytes.hasContent)
    }

    @Test func blankInputHasNoContent() throws {
        let result = try intake.process(" \u{200B}\u{202E}\n\t")
        #expect(!result.hasContent)
        #expect(result.issue(.empty) != nil)
        #expect(result.original == " \u{200B}\u{202E}\n\t")
        #expect(try intake.process(" x ").hasContent)
        #expect(try intake.process("👍").hasContent)
    }

    @Test func errorDescriptionsNameTheStage() throws {
        let error = try #require(intakeError { () throws(IntakeError) in try intake.process(utf8: [0xFF]) })
        #expect(error.description.hasPrefix("intake: invalidUTF8: "))
        #expect(error.message.contains("0xFF"))
    }
}
