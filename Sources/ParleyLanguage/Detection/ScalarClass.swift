/// What sanitizing, link-finding and word-building ask of every scalar of every message — is it
/// blanked (a control, format, separator or private-use character), whitespace, a letter or a mark —
/// answered from a table over the Basic Multilingual Plane built once from the same Unicode
/// properties, instead of a property lookup per scalar.
enum ScalarClass {
    /// Sanitizing turns the scalar into a space.
    static let blanked: UInt8 = 1
    /// `Unicode.Scalar.Properties.isWhitespace`.
    static let whitespace: UInt8 = 2
    /// Alphabetic or a combining mark: a word keeps it.
    static let letter: UInt8 = 4

    /// Flags per BMP scalar (surrogate code points are blanked, as no text holds them).
    private static let table: [UInt8] = (0..<0x1_0000).map { value in
        Unicode.Scalar(UInt32(value)).map(flags(computing:)) ?? blanked
    }

    /// The flags from the scalar's properties.
    static func flags(computing scalar: Unicode.Scalar) -> UInt8 {
        let properties = scalar.properties
        var flags: UInt8 = properties.isWhitespace ? whitespace : 0
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
            flags |= blanked
        default: break
        }
        if properties.isAlphabetic || properties.generalCategory.isMark { flags |= letter }
        return flags
    }

    /// The flags of a scalar.
    @inline(__always)
    static func flags(_ scalar: Unicode.Scalar) -> UInt8 {
        scalar.value < 0x1_0000 ? table[Int(scalar.value)] : flags(computing: scalar)
    }
}
