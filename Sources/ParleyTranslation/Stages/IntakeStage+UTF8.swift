internal import ParleyLanguage

extension IntakeStage {
    /// The first ill-formed UTF-8 sequence in `bytes` (Unicode Table 3-7), if any: where it starts,
    /// its bytes, and why it is ill-formed.
    static func firstIllFormedSequence(in bytes: [UInt8]) -> (offset: Int, bytes: [UInt8], reason: String)? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x80...0xBF:
                return (index, [lead], "a continuation byte cannot start a character")
            case 0xC0, 0xC1:
                return (index, [lead], "0x\(hex(lead)) would start an overlong encoding and never appears in UTF-8")
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED:
                length = 3
                secondRange = 0x80...0x9F
            case 0xF0:
                length = 4
                secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                secondRange = 0x80...0x8F
            default:
                return (index, [lead], "0x\(hex(lead)) never appears in UTF-8")
            }
            for position in 1..<length {
                guard index + position < count else {
                    return (
                        index, Array(bytes[index..<count]),
                        "the message ends in the middle of a \(length)-byte character"
                    )
                }
                let byte = bytes[index + position]
                let range = position == 1 ? secondRange : 0x80...0xBF
                guard range.contains(byte) else {
                    let reason =
                        position == 1 && (0x80...0xBF).contains(byte)
                        ? "0x\(hex(lead)) 0x\(hex(byte)) is an overlong form, a UTF-16 surrogate or beyond U+10FFFF"
                        : "0x\(hex(lead)) starts a \(length)-byte character but byte \(index + position) is 0x\(hex(byte))"
                    return (index, Array(bytes[index...(index + position)]), reason)
                }
            }
            index += length
        }
        return nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }
}

/// What ``IntakeStage`` produced from a message body.
