import ParleyTranslation
import Testing

@Suite struct SMSEncodingTests {
    /// `count` copies of a character.
    private func repeated(_ character: Character, _ count: Int) -> String {
        String(repeating: character, count: count)
    }

    @Test func plainASCIIFitsOneSegmentUpTo160() {
        let one = SMSEncoding(repeated("a", 160))
        #expect(one.encoding == .gsm7)
        #expect(one.units == 160)
        #expect(one.segments == 1)
        #expect(one.perSegment == 160)
        #expect(one.remainingInLastSegment == 0)
        #expect(one.nonGSMCharacters.isEmpty)

        let two = SMSEncoding(repeated("a", 161))
        #expect(two.segments == 2)
        #expect(two.perSegment == 153)
        #expect(two.remainingInLastSegment == 153 - 8)
    }

    @Test func concatenatedGSMSegmentsHold153() {
        #expect(SMSEncoding(repeated("a", 306)).segments == 2)
        #expect(SMSEncoding(repeated("a", 306)).remainingInLastSegment == 0)
        #expect(SMSEncoding(repeated("a", 307)).segments == 3)
        #expect(SMSEncoding(repeated("a", 307)).remainingInLastSegment == 152)
    }

    @Test func extensionCharactersCostTwoSeptets() {
        let euro = SMSEncoding("€")
        #expect(euro.encoding == .gsm7)
        #expect(euro.units == 2)
        #expect(SMSEncoding("{}[]\\~^|€\u{0C}").units == 20)
        #expect(SMSEncoding(repeated("a", 158) + "€").segments == 1)
        #expect(SMSEncoding(repeated("a", 159) + "€").segments == 2)
    }

    @Test func escapePairIsNeverSplitAcrossSegments() {
        // 306 septets would be exactly two full parts, but `€` at septets 153–154 cannot straddle them.
        let straddling = SMSEncoding(repeated("a", 152) + "€" + repeated("a", 152))
        #expect(straddling.units == 306)
        #expect(straddling.segments == 3)
        #expect(straddling.remainingInLastSegment == 153 - 1)

        // The same septets with `€` wholly inside the first part fit in two.
        let inside = SMSEncoding(repeated("a", 151) + "€" + repeated("a", 153))
        #expect(inside.units == 306)
        #expect(inside.segments == 2)
        #expect(inside.remainingInLastSegment == 0)
    }

    @Test func spanishAccentsInGSMStayGSM() {
        let text = "Señor Müller, ¿qué hora le viene bien? ¡Perfecto! Llegamos a las 9, niño."
        let sms = SMSEncoding(text)
        #expect(sms.encoding == .gsm7)
        #expect(sms.units == text.count)
        #expect(sms.nonGSMCharacters.isEmpty)
    }

    @Test func acuteAOrOSwitchesToUCS2() {
        for accented in ["á", "ó", "í", "ú", "ç"] {
            let sms = SMSEncoding("Señor, ¿qué hora? " + accented)
            #expect(sms.encoding == .ucs2, "\(accented)")
            #expect(sms.nonGSMCharacters == [Character(accented)])
        }
        // Only the capital Ç is in the table.
        #expect(SMSEncoding("Ç").encoding == .gsm7)

        let seventy = SMSEncoding("á" + repeated("a", 69))
        #expect(seventy.units == 70)
        #expect(seventy.segments == 1)
        #expect(seventy.perSegment == 70)
        #expect(seventy.remainingInLastSegment == 0)

        let seventyOne = SMSEncoding("á" + repeated("a", 70))
        #expect(seventyOne.segments == 2)
        #expect(seventyOne.perSegment == 67)
        #expect(seventyOne.remainingInLastSegment == 67 - 4)
        #expect(SMSEncoding("ó" + repeated("a", 133)).segments == 2)
        #expect(SMSEncoding("ó" + repeated("a", 134)).segments == 3)
    }

    @Test func oneUnicodeCharacterTurns152GSMIntoThreeSegments() {
        // Twilio's example: 152 GSM-7 characters plus one Unicode character.
        let sms = SMSEncoding(repeated("a", 152) + "😀")
        #expect(sms.encoding == .ucs2)
        #expect(sms.units == 154)
        #expect(sms.segments == 3)
    }

    @Test func emojiCountsUTF16CodeUnits() {
        let thumbs = SMSEncoding("👍🏽")
        #expect(thumbs.encoding == .ucs2)
        #expect(thumbs.units == 4)
        #expect(thumbs.segments == 1)
        #expect(thumbs.remainingInLastSegment == 66)
        #expect(thumbs.nonGSMCharacters == ["👍🏽"])
        #expect(SMSEncoding("ok 👍").units == 5)
    }

    @Test func surrogatePairIsNeverSplitAcrossSegments() {
        // 134 units would be exactly two full parts, but 👍 at units 67–68 cannot straddle them.
        let straddling = SMSEncoding(repeated("á", 66) + "👍" + repeated("á", 66))
        #expect(straddling.units == 134)
        #expect(straddling.segments == 3)
        #expect(straddling.remainingInLastSegment == 66)

        // Ending exactly at unit 67, the pair fills the first part.
        let fitting = SMSEncoding(repeated("á", 65) + "👍" + repeated("á", 67))
        #expect(fitting.units == 134)
        #expect(fitting.segments == 2)
        #expect(fitting.remainingInLastSegment == 0)
    }

    @Test func emptyBodyIsNoSegments() {
        let sms = SMSEncoding("")
        #expect(sms.encoding == .gsm7)
        #expect(sms.units == 0)
        #expect(sms.segments == 0)
        #expect(sms.perSegment == 160)
        #expect(sms.remainingInLastSegment == 160)
        #expect(sms.nonGSMCharacters.isEmpty)
    }

    @Test func nonGSMCharactersAreDistinctInOrderOfFirstAppearance() {
        let sms = SMSEncoding("Café ‘ok’ 👍 — garçon, ‘again’ 👍 👍🏽 é")
        #expect(sms.encoding == .ucs2)
        #expect(sms.nonGSMCharacters == ["‘", "’", "👍", "—", "ç", "👍🏽"])
    }

    @Test func wholeGSMBasicTableIsGSM7() {
        let basic =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
            + " !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
        let sms = SMSEncoding(basic)
        #expect(sms.encoding == .gsm7)
        #expect(sms.units == 127)
    }

    @Test func asciiOutsideGSMSwitchesToUCS2() {
        // The backtick is ASCII but in neither GSM-7 table; neither is a tab.
        #expect(SMSEncoding("run `make`").nonGSMCharacters == ["`"])
        #expect(SMSEncoding("a\tb").encoding == .ucs2)
        // Curly quotes and ellipses are not GSM-7 (smart encoding is a separate step).
        #expect(SMSEncoding("It’s…").nonGSMCharacters == ["’", "…"])
    }

    @Test func decomposedTextIsMeasuredInNFC() {
        let decomposed = SMSEncoding("Cafe\u{301} C\u{327}a")
        #expect(decomposed.encoding == .gsm7)
        #expect(decomposed.units == 7)
        #expect(decomposed.text == "Café Ça")
        // Canonical singletons fold to the table's Greek Omega and Å.
        #expect(SMSEncoding("10 \u{2126} \u{212B}").encoding == .gsm7)
        // No precomposed q with tilde: the combining mark stays and forces UCS-2.
        let tilde = SMSEncoding("q\u{303}")
        #expect(tilde.encoding == .ucs2)
        #expect(tilde.units == 2)
        #expect(tilde.nonGSMCharacters == ["q\u{303}"])
    }

    @Test func megabyteBodiesAreMeasured() {
        let gsm = SMSEncoding(repeated("a", 1_000_000))
        #expect(gsm.encoding == .gsm7)
        #expect(gsm.units == 1_000_000)
        #expect(gsm.segments == (1_000_000 + 152) / 153)

        let mixed = SMSEncoding(String(repeating: "ñ€👍🏽", count: 125_000))
        #expect(mixed.encoding == .ucs2)
        #expect(mixed.units == 750_000)
        #expect(mixed.segments >= 750_000 / 67)
        #expect(mixed.nonGSMCharacters == ["👍🏽"])
    }
}
