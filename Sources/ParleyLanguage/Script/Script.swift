/// A writing system, as ICU's script property reports it for each character.
///
/// Only the scripts that decide something for Parley's languages have a case of their own; every
/// other script is `.other` with its ISO 15924 code.
public enum Script: Sendable, Hashable, CustomStringConvertible {
    case latin
    case cyrillic
    case arabic
    case devanagari
    case han
    case hiragana
    case katakana
    case hangul
    case ethiopic
    case greek
    case hebrew
    case thai
    /// Punctuation, digits, symbols and emoji (`Zyyy`) and combining marks (`Zinh`).
    case common
    /// Any other script, by its ISO 15924 code.
    case other(String)

    /// The ISO 15924 code, e.g. `Latn`.
    public var code: String {
        switch self {
        case .latin: "Latn"
        case .cyrillic: "Cyrl"
        case .arabic: "Arab"
        case .devanagari: "Deva"
        case .han: "Hani"
        case .hiragana: "Hira"
        case .katakana: "Kana"
        case .hangul: "Hang"
        case .ethiopic: "Ethi"
        case .greek: "Grek"
        case .hebrew: "Hebr"
        case .thai: "Thai"
        case .common: "Zyyy"
        case .other(let code): code
        }
    }

    public var description: String { code }

    /// The script of a scalar, from ICU.
    public init(of scalar: Unicode.Scalar) {
        let code = ICU.scriptCode(of: scalar)
        self = ScriptTable.shared.script(forICUCode: code)
    }

    init(code: String) {
        switch code {
        case "Latn": self = .latin
        case "Cyrl": self = .cyrillic
        case "Arab": self = .arabic
        case "Deva": self = .devanagari
        case "Hani": self = .han
        case "Hira": self = .hiragana
        case "Kana": self = .katakana
        case "Hang": self = .hangul
        case "Ethi": self = .ethiopic
        case "Grek": self = .greek
        case "Hebr": self = .hebrew
        case "Thai": self = .thai
        case "Zyyy", "Zinh", "Zzzz": self = .common
        default: self = .other(code)
        }
    }
}

/// ICU script codes mapped once to `Script` values, so the hot path does no string work.
struct ScriptTable: Sendable {
    static let shared = ScriptTable()

    private let scripts: [Script]

    private init() {
        let count = Int(max(0, ICU.scriptCodeCount))
        scripts = (0..<count).map { code in
            Script(code: ICU.scriptShortName(Int32(code)) ?? "Zzzz")
        }
    }

    func script(forICUCode code: Int32) -> Script {
        code >= 0 && Int(code) < scripts.count ? scripts[Int(code)] : .common
    }
}
