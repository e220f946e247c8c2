internal import ParleyLanguage

extension IntakeStage {
    private enum Action {
        case keep
        case replaceWithSpace
        case remove(IntakeIssue.Kind)
        case lineFeed
    }

    /// Bidi embedding, override, isolate and mark characters.
    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// Invisible format characters that carry no meaning in a text message.
    static func isInvisibleFormat(_ value: UInt32) -> Bool {
        switch value {
        case 0x200B, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x2061...0x2064, 0x206A...0x206F, 0xFFF9...0xFFFB: true
        default: false
        }
    }

    /// C0 (except tab, LF and CR), DEL, and C1 (except NEL) controls.
    static func isOtherControl(_ value: UInt32) -> Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0x7F
            || ((0x80...0x9F).contains(value) && value != 0x85)
    }

    /// A scalar that can precede a ZWJ inside an emoji sequence.
    private static func endsEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return (properties.isEmoji && !scalar.isASCII) || properties.isEmojiModifier || scalar.value == 0xFE0F
            || scalar.value == 0x20E3
    }

    /// A scalar that can follow a ZWJ inside an emoji sequence.
    private static func startsEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmoji && !scalar.isASCII
    }

    private static func isLetterOrMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark:
            true
        default: false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Scripts in which ZWJ and ZWNJ change how letters join or form conjuncts.
    private static func shapesWithJoiners(_ script: Script) -> Bool {
        switch script {
        case .arabic, .devanagari, .other: true
        default: false
        }
    }

    /// The text with controls, bidi controls and stray invisible characters neutralized; each kind of
    /// change is reported once in `issues`.
    static func neutralize(_ original: String, issues: inout [IntakeIssue]) -> String {
        // Printable ASCII, tabs and line feeds need nothing: most SMS take this path.
        if original.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }) { return original }
        let scalars = Array(original.unicodeScalars)
        var output = String.UnicodeScalarView()
        var counts: [IntakeIssue.Kind: Int] = [:]
        var codePoints: [IntakeIssue.Kind: [String]] = [:]
        var order: [IntakeIssue.Kind] = []
        func note(_ kind: IntakeIssue.Kind, _ scalar: Unicode.Scalar) {
            if counts[kind] == nil { order.append(kind) }
            counts[kind, default: 0] += 1
            let code = IntakeIssue.codePoint(scalar)
            if !(codePoints[kind, default: []].contains(code)) { codePoints[kind, default: []].append(code) }
        }

        var lastBase: Unicode.Scalar?  // the last kept scalar that is not a combining mark
        var tagSequenceEnd = -1  // index of the CANCEL TAG closing a valid emoji tag sequence
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let action: Action
            switch value {
            case 0x0D:
                if next == "\n" {
                    note(.lineBreaks, scalar)
                    action = .remove(.lineBreaks)
                } else {
                    action = .lineFeed
                }
            case 0x85, 0x2028, 0x2029:
                action = .lineFeed
            case _ where isOtherControl(value):
                action = .replaceWithSpace
            case _ where isBidiControl(value):
                action = .remove(.bidiControls)
            case _ where isInvisibleFormat(value):
                action = .remove(.invisibleCharacters)
            case 0x200C, 0x200D:
                var keep = false
                if let previous = output.last, let next {
                    if value == 0x200D, endsEmoji(previous), startsEmoji(next) {
                        keep = true
                    } else if isLetterOrMark(previous), isLetterOrMark(next), let lastBase,
                        shapesWithJoiners(Script(of: lastBase))
                    {
                        keep = true
                    }
                }
                action = keep ? .keep : .remove(.invisibleCharacters)
            case 0x1F3F4:
                // 🏴 may open a tag sequence (subdivision flags): tags E0020–E007E, then CANCEL TAG.
                var end = index + 1
                while end < scalars.count, (0xE0020...0xE007E).contains(scalars[end].value) { end += 1 }
                if end > index + 1, end < scalars.count, scalars[end].value == 0xE007F { tagSequenceEnd = end }
                action = .keep
            case 0xE0000...0xE007F:
                action = index <= tagSequenceEnd ? .keep : .remove(.hiddenTagCharacters)
            default:
                action = .keep
            }

            switch action {
            case .keep:
                output.append(scalar)
                // Combining marks start at U+0300; below it no scalar is one.
                if value < 0x300 || (!isMark(scalar) && value != 0x200C && value != 0x200D) { lastBase = scalar }
            case .replaceWithSpace:
                note(.controlCharacters, scalar)
                output.append(" ")
                lastBase = " "
            case .lineFeed:
                note(.lineBreaks, scalar)
                output.append("\n")
                lastBase = "\n"
            case .remove(let kind):
                if kind != .lineBreaks { note(kind, scalar) }
            }
        }

        for kind in order {
            let count = counts[kind] ?? 0
            let points = codePoints[kind] ?? []
            issues.append(
                IntakeIssue(kind: kind, count: count, codePoints: points, message: kind.message(count: count, points))
            )
        }
        return String(output)
    }
}
