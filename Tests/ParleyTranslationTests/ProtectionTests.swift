import Foundation
import ParleyTranslation
import Testing

@Suite struct ProtectionTests {
    typealias Kind = ProtectedText.Span.Kind

    static let sample =
        "Call me at (410) 555-0123 or visit https://example.com/appt?id=42&x=1 — $1,200 for the 2-stage heat pump 👍🏽 {{first_name}}"

    func found(_ text: String, extra: [ProtectedText.Span] = []) -> [(Kind, String)] {
        SpanFinder().spans(in: text, extra: extra).map { ($0.kind, String(text[$0.range])) }
    }

    func range(of needle: String, in text: String) throws -> Range<String.Index> {
        try #require(text.range(of: needle), "\(needle) is not in the text")
    }

    // MARK: - Finding

    @Test func sampleSMSHasEveryKind() {
        let spans = found(Self.sample)
        #expect(spans.map(\.0) == [.phone, .url, .money, .number, .emoji, .variable])
        #expect(spans.map(\.1) == [
            "(410) 555-0123", "https://example.com/appt?id=42&x=1", "$1,200", "2-stage", "👍🏽", "{{first_name}}",
        ])
    }

    @Test(arguments: [
        ("Call (410) 555-0123 today", "(410) 555-0123"),
        ("Call 410-555-0123 today", "410-555-0123"),
        ("Call 410.555.0123 today", "410.555.0123"),
        ("Call +1 410 555 0123 today", "+1 410 555 0123"),
        ("Call +1 (410) 555-0123 today", "+1 (410) 555-0123"),
        ("Llame al +52 55 1234 5678 hoy", "+52 55 1234 5678"),
        ("Call 1-800-555-0199.", "1-800-555-0199"),
    ])
    func phones(text: String, phone: String) {
        #expect(found(text).map(\.1) == [phone])
        #expect(found(text).map(\.0) == [.phone])
    }

    @Test(arguments: [
        ("The estimate is $1,200.", "$1,200"),
        ("Only $49.99 this week", "$49.99"),
        ("Son 1.200 € en total", "1.200 €"),
        ("Cuesta €15 al mes", "€15"),
        ("Deposit: USD 300, due Friday", "USD 300"),
        ("Total 2,450.00 MXN", "2,450.00 MXN"),
    ])
    func money(text: String, money: String) {
        #expect(found(text).map(\.0) == [.money])
        #expect(found(text).map(\.1) == [money])
    }

    @Test(arguments: [
        ("A 2-stage unit", ["2-stage"]),
        ("Zip 12345.", ["12345"]),
        ("Set it to 72 now", ["72"]),
        ("Press 1 or # to reply", ["1"]),
    ])
    func numbers(text: String, numbers: [String]) {
        #expect(found(text).map(\.1) == numbers)
        #expect(found(text).allSatisfy { $0.0 == .number })
    }

    @Test func numbersWithAMeaningHaveTheirOwnKind() {
        #expect(found("See you at 3pm tomorrow").map(\.0) == [.time])
        #expect(found("Arrival 10:30, thanks").map(\.0) == [.time])
        #expect(found("Ticket #4512 is open").map(\.0) == [.code])
        #expect(found("Set it to 72 now, 85% humidity").map(\.0) == [.number, .measure])
    }

    @Test(arguments: [
        ("Book at https://example.com/appt?id=42&x=1.", "https://example.com/appt?id=42&x=1"),
        ("Book at www.example.com!", "www.example.com"),
        ("Book at example.com/book, then reply", "example.com/book"),
        ("(see https://example.com/a_(b))", "https://example.com/a_(b)"),
        ("Details: http://example.org/x?y=1;", "http://example.org/x?y=1"),
    ])
    func urls(text: String, url: String) {
        #expect(found(text).map(\.0) == [.url])
        #expect(found(text).map(\.1) == [url])
    }

    @Test func emailsAreOneSpanNotALink() {
        #expect(found("Write to maria.lopez+hvac@example.com.").map(\.1) == ["maria.lopez+hvac@example.com"])
        #expect(found("Write to maria.lopez+hvac@example.com.").map(\.0) == [.email])
    }

    @Test(arguments: [
        "👍🏽", "👨‍👩‍👧", "🇲🇽", "1️⃣", "#️⃣", "❄️", "❤", "🔧❄️", "🏳️‍🌈",
    ])
    func emoji(_ emoji: String) {
        let text = "Gracias \(emoji) hasta mañana"
        #expect(found(text).map(\.0) == [.emoji])
        #expect(found(text).map(\.1) == [emoji])
    }

    @Test func variables() {
        #expect(found("Hi {{first_name}}, your {{ appt.time }} is set, {name}").map(\.1) == [
            "{{first_name}}", "{{ appt.time }}", "{name}",
        ])
        #expect(found("Hi {{first_name}}").map(\.0) == [.variable])
    }

    @Test(arguments: [
        "Hello, I need service for my air conditioner this week.",
        "Sí, el jueves está bien. ¿Pueden venir mañana por la mañana?",
        "We open Mon–Fri, e.g. tomorrow a.m. Thanks!",
        "I'm at the office... call me back, ok? #thanks",
        "Rate us * stars * please ™ © ®",
        "Mr. Smith said the U.S. unit works — no. It doesn't.",
    ])
    func noFalsePositivesOnPlainWords(_ text: String) {
        #expect(found(text).isEmpty)
    }

    @Test func overlappingSpansResolveLongestEarliest() throws {
        let text = "Install the 2-stage heat pump from https://carrier.example.com/deals today"
        let term = ProtectedText.Span(range: try range(of: "2-stage heat pump", in: text), kind: .term)
        let inside = ProtectedText.Span(range: try range(of: "carrier", in: text), kind: .doNotTranslate)
        let spans = found(text, extra: [term, inside])
        #expect(spans.map(\.0) == [.term, .url])
        #expect(spans.map(\.1) == ["2-stage heat pump", "https://carrier.example.com/deals"])

        // The same range from the caller and the finder: the caller's kind wins.
        let number = ProtectedText.Span(range: try range(of: "2-stage", in: text), kind: .doNotTranslate)
        #expect(found(text, extra: [number]).first.map(\.0) == .doNotTranslate)

        // Overlapping caller spans: the earlier one wins, the later is dropped, nothing overlaps.
        let a = ProtectedText.Span(range: try range(of: "heat pump from", in: text), kind: .term)
        let b = ProtectedText.Span(range: try range(of: "pump from https", in: text), kind: .doNotTranslate)
        let resolved = SpanFinder(kinds: []).spans(in: text, extra: [b, a])
        #expect(resolved.count == 1)
        #expect(resolved.first.map { String(text[$0.range]) } == "heat pump from")
        let detected = SpanFinder().spans(in: text)
        for (first, second) in zip(detected, detected.dropFirst()) {
            #expect(first.range.upperBound <= second.range.lowerBound)
        }
    }

    // MARK: - Masking and restoring

    @Test(arguments: PlaceholderStyle.allCases)
    func restoreIsByteExactForEveryStyle(style: PlaceholderStyle) {
        let protected = ProtectedText(protecting: Self.sample, style: style)
        #expect(protected.entries.count == 6)
        for entry in protected.entries {
            #expect(!protected.masked.contains(entry.original))
            #expect(protected.masked.contains(style.placeholder(entry.number)))
        }
        let identity = protected.restore(protected.masked)
        #expect(identity.isIntact)
        #expect(identity.text == Self.sample)

        // A translation that rewords around the placeholders and moves one.
        let p = protected.entries.map(\.placeholder)
        let translated = "Llámame al \(p[0]) o visita \(p[1]) — \(p[2]) para la bomba de calor \(p[3]) \(p[5]) \(p[4])"
        let restored = protected.restore(translated)
        #expect(restored.isIntact, "\(restored.problems)")
        #expect(restored.text
            == "Llámame al (410) 555-0123 o visita https://example.com/appt?id=42&x=1 — $1,200 para la bomba de calor 2-stage {{first_name}} 👍🏽")
    }

    @Test func placeholdersAreNumberedInOrder() {
        let protected = ProtectedText(protecting: "At 3pm, 4pm or 5pm 👍", style: .curly)
        #expect(protected.masked == "At {{T1}}, {{T2}} or {{T3}} {{T4}}")
        #expect(protected.entries.map(\.number) == [1, 2, 3, 4])
        #expect(protected.entries.map(\.kind) == [.time, .time, .time, .emoji])
    }

    @Test func missingPlaceholderIsReported() {
        let protected = ProtectedText(protecting: "Call (410) 555-0123 at 3pm", style: .curly)
        let restored = protected.restore("Llame a las {{T2}}")
        #expect(!restored.isIntact)
        #expect(restored.problems.contains { $0.contains("{{T1}}") && $0.contains("missing") })
    }

    @Test func duplicatedPlaceholderIsReported() {
        let protected = ProtectedText(protecting: "Call (410) 555-0123 at 3pm", style: .curly)
        let restored = protected.restore("Llame {{T1}} {{T1}} a las {{T2}}")
        #expect(!restored.isIntact)
        #expect(restored.problems.contains { $0.contains("{{T1}}") && $0.contains("2 times") })
    }

    @Test(arguments: [
        ("Llame {{ T1 }} a las {{T2}}", "{{ T1 }}"),
        ("Llame {{t1}} a las {{T2}}", "{{t1}}"),
        ("Llame {T1} a las {{T2}}", "{T1}"),
        ("Llame {{T 1}} a las {{T2}}", "{{T 1}}"),
    ])
    func alteredPlaceholderIsReported(translated: String, token: String) {
        let protected = ProtectedText(protecting: "Call (410) 555-0123 at 3pm", style: .curly)
        let restored = protected.restore(translated)
        #expect(!restored.isIntact)
        #expect(restored.problems.contains { $0.contains("altered") && $0.contains(token) })
        #expect(restored.text == "Llame (410) 555-0123 a las 3pm")  // still put back, but flagged
    }

    @Test func changedPlaceholderNumberIsNeverAccepted() {
        let protected = ProtectedText(protecting: "Call (410) 555-0123 at 3pm", style: .curly)
        let unknown = protected.restore("Llame {{T3}} a las {{T2}}")
        #expect(!unknown.isIntact)
        #expect(unknown.problems.contains { $0.contains("{{T3}}") && $0.contains("not one of") })
        #expect(unknown.problems.contains { $0.contains("{{T1}}") && $0.contains("missing") })

        let swapped = protected.restore("Llame {{T2}} a las {{T2}}")
        #expect(!swapped.isIntact)
        #expect(swapped.problems.count == 2)  // T1 missing, T2 twice

        let padded = protected.restore("Llame {{T01}} a las {{T2}}")
        #expect(!padded.isIntact)
    }

    @Test func textReappearingUnprotectedIsReported() {
        let protected = ProtectedText(protecting: "Visit https://example.com/appt?id=42 at 3pm", style: .curly)
        let copied = protected.restore("Visite {{T1}} (https://example.com/appt?id=42) a las {{T2}}")
        #expect(!copied.isIntact)
        #expect(copied.problems.contains { $0.contains("reappears") && $0.contains("https://example.com/appt?id=42") })

        // The backend re-created the span instead of keeping the placeholder.
        let recreated = protected.restore("Visite https://example.com/appt?id=42 a las {{T2}}")
        #expect(!recreated.isIntact)
        #expect(recreated.problems.contains { $0.contains("missing") })
        #expect(recreated.problems.contains { $0.contains("reappears") })

        // A caller's do-not-translate term copied next to its placeholder.
        let text = "Your Carrier Infinity unit"
        let dnt = ProtectedText.Span(range: text.range(of: "Carrier Infinity")!, kind: .doNotTranslate)
        let brand = ProtectedText(text: text, spans: [dnt], style: .curly)
        #expect(brand.masked == "Your {{T1}} unit")
        #expect(!brand.restore("Su unidad {{T1}} Carrier Infinity").isIntact)
        #expect(brand.restore("Su unidad {{T1}}").isIntact)
    }

    @Test func harmlessSpaceChangesAreTolerated() {
        let protected = ProtectedText(protecting: "Call (410) 555-0123 at 3pm.", style: .curly)
        #expect(protected.masked == "Call {{T1}} at {{T2}}.")
        let spaced = protected.restore("Llame {{T1}}  a las {{T2}} .")
        #expect(spaced.isIntact)
        #expect(spaced.text == "Llame (410) 555-0123  a las 3pm .")
        // A space the backend glued away is put back, so the span stays readable.
        let glued = protected.restore("Llame al{{T1}}a las {{T2}}.")
        #expect(glued.isIntact)
        #expect(glued.text == "Llame al (410) 555-0123 a las 3pm.")

        let xml = ProtectedText(protecting: "Call (410) 555-0123 now", style: .xmlTag)
        #expect(xml.masked == #"Call <x id="1"/> now"#)
        let expanded = xml.restore(#"Llame <x id="1"></x> ahora"#)
        #expect(expanded.isIntact)
        #expect(expanded.text == "Llame (410) 555-0123 ahora")
        let alteredXML = xml.restore(#"Llame <x id='1'/> ahora"#)
        #expect(!alteredXML.isIntact)
    }

    @Test(arguments: PlaceholderStyle.allCases)
    func everyStyleDetectsItsFailures(style: PlaceholderStyle) {
        let protected = ProtectedText(protecting: "Call (410) 555-0123 at 3pm", style: style)
        let one = style.placeholder(1)
        let two = style.placeholder(2)
        #expect(protected.restore("Llame \(one) a las \(two)").isIntact)
        #expect(!protected.restore("Llame a las \(two)").isIntact)
        #expect(!protected.restore("Llame \(one) \(one) a las \(two)").isIntact)
        #expect(!protected.restore("Llame \(one) a las \(style.placeholder(3))").isIntact)
        let altered = style == .xmlTag ? #"<X id="1"/>"# : one.lowercased()
        #expect(!protected.restore("Llame \(altered) a las \(two)").isIntact)
    }

    @Test func termReplacementsAreInserted() throws {
        let text = "Your heat pump needs a new capacitor, $180."
        let spans = [
            ProtectedText.Span(range: try range(of: "heat pump", in: text), kind: .term),
            ProtectedText.Span(range: try range(of: "capacitor", in: text), kind: .term),
        ]
        let protected = ProtectedText(protecting: text, extra: spans, style: .curly)
        #expect(protected.masked == "Your {{T1}} needs a new {{T2}}, {{T3}}.")
        let restored = protected.restore(
            "Vuestras {{T1}} necesidades un nuevos {{T2}}, {{T3}}.", replacements: [1: "bomba de calor", 2: "condensador"])
        #expect(restored.isIntact)
        #expect(restored.text == "Vuestras bomba de calor necesidades un nuevos condensador, $180.")
        // By entry, through a closure.
        let byKind = protected.restore("{{T1}} {{T2}} {{T3}}") { $0.kind == .term ? $0.original.uppercased() : nil }
        #expect(byKind.text == "HEAT PUMP CAPACITOR $180")
    }

    @Test(arguments: [
        ("👍🏽", false), ("https://example.com/appt?id=42", false), ("👍 https://example.com 3pm!", false),
        ("(410) 555-0123", false), ("", false), ("   ", false), ("ok 👍", true), ("Gracias, 3pm", true),
    ])
    func hasTranslatableText(text: String, expected: Bool) {
        let protected = ProtectedText(protecting: text)
        #expect(protected.hasTranslatableText == expected)
    }

    @Test func lookAlikePlaceholdersInTheOriginalAreProtected() {
        let text = "Reply [[T1]] or __T2__ to confirm"
        for style in PlaceholderStyle.allCases {
            let protected = ProtectedText(protecting: text, style: style)
            let restored = protected.restore(protected.masked)
            #expect(restored.isIntact, "\(style): \(restored.problems)")
            #expect(restored.text == text)
        }
        let brackets = ProtectedText(protecting: text, style: .brackets)
        // The user's [[T1]] is an entry of its own; __T2__ cannot be confused with [[T2]].
        #expect(brackets.masked == "Reply [[T1]] or __T2__ to confirm")
        #expect(brackets.entries.map(\.original) == ["[[T1]]"])
        let underscores = ProtectedText(protecting: text, style: .underscores)
        #expect(underscores.entries.map(\.original) == ["T1", "__T2__"])  // T1 alone is a number here
    }

    @Test func xmlStyleEscapesTheTextAroundTags() {
        let text = "Tom & Jerry <3 at 3pm"
        let protected = ProtectedText(protecting: text, style: .xmlTag)
        #expect(protected.masked == #"Tom &amp; Jerry &lt;<x id="1"/> at <x id="2"/>"#)
        let restored = protected.restore(#"Tom &amp; Jerry &lt;<x id="1"/> a las <x id="2"/>"#)
        #expect(restored.isIntact)
        #expect(restored.text == "Tom & Jerry <3 a las 3pm")
    }

    @Test func styleFallbackOrder() {
        #expect(PlaceholderStyle.curly.next == .brackets)
        #expect(PlaceholderStyle.brackets.next == .underscores)
        #expect(PlaceholderStyle.underscores.next == .xmlTag)
        #expect(PlaceholderStyle.xmlTag.next == nil)
        #expect(PlaceholderStyle.next(after: [.curly, .brackets]) == .underscores)
        #expect(PlaceholderStyle.next(after: PlaceholderStyle.allCases) == nil)
        #expect(PlaceholderStyle.allCases.map { $0.placeholder(7) } == ["{{T7}}", "[[T7]]", "__T7__", #"<x id="7"/>"#])
    }

    @Test func oneMegabyteInput() {
        var text = ""
        var copies = 0
        while text.utf8.count < 1_000_000 {
            text += Self.sample + "\n"
            copies += 1
        }
        let protected = ProtectedText(protecting: text, style: .curly)
        #expect(protected.entries.count == copies * 6)
        #expect(protected.entries.last?.placeholder == "{{T\(copies * 6)}}")
        let restored = protected.restore(protected.masked)
        #expect(restored.isIntact)
        #expect(restored.text == text)
        let broken = protected.restore(protected.masked.replacingOccurrences(of: "{{T775}}", with: ""))
        #expect(!broken.isIntact)
        #expect(broken.problems == ["placeholder {{T775}} (phone `(410) 555-0123`) is missing"])
    }
}
