import Foundation
import ParleyTranslation
import Testing

/// Times, dates, durations, measures, codes, street addresses and acronyms found by ``SpanFinder``
/// in real-shaped messages, and what is deliberately not one of them.
@Suite struct ExpressionSpanTests {
    typealias Kind = ProtectedText.Span.Kind

    func found(_ text: String, extra: [ProtectedText.Span] = []) -> [(Kind, String)] {
        SpanFinder().spans(in: text, extra: extra).map { ($0.kind, String(text[$0.range])) }
    }

    func spans(_ text: String, of kind: Kind) -> [String] {
        found(text).filter { $0.0 == kind }.map(\.1)
    }

    @Test(arguments: [
        ("See you at 8:30 AM.", ["8:30 AM"]),
        ("The tech comes at 8:30am tomorrow", ["8:30am"]),
        ("Can we do 3pm?", ["3pm"]),
        ("Between 2 and 4 pm works", ["4 pm"]),
        ("He'll be there by 3 p.m. today", ["3 p.m."]),
        ("Arrival window 10:00 a.m. to noon", ["10:00 a.m."]),
        ("Shift starts 14:30 sharp", ["14:30"]),
        ("Your window is 8-10am", ["8-10am"]),
        ("Meet at 12 PM or 12:15 AM", ["12 PM", "12:15 AM"]),
    ])
    func times(text: String, expected: [String]) {
        #expect(spans(text, of: .time) == expected)
    }

    @Test(arguments: [
        ("Your visit is on March 5.", ["March 5"]),
        ("Booked for Tuesday, Mar 5th at 9am", ["Tuesday, Mar 5th"]),
        ("Invoice due 5 March 2026", ["5 March 2026"]),
        ("See you Tuesday March 5", ["Tuesday March 5"]),
        ("Can you come 3/15?", ["3/15"]),
        ("Warranty ends 3/15/2026.", ["3/15/2026"]),
        ("Logged 2026-03-15 by the tech", ["2026-03-15"]),
        ("Is Tue 3/15 ok?", ["Tue 3/15"]),
        ("Due Sept 30, 2026 at the latest", ["Sept 30, 2026"]),
    ])
    func dates(text: String, expected: [String]) {
        #expect(spans(text, of: .date) == expected)
    }

    @Test(arguments: [
        // A weekday alone is an ordinary word, a fraction is not a date, 13/5 is no US date, and
        // "may" is a verb unless capitalised.
        "See you Tuesday", "Use 3/4 of the tank", "Cut it 1/2 way", "Llego el 13/5", "Option 1 may work",
        "It takes 24/7 monitoring",
    ])
    func notDates(text: String) {
        #expect(spans(text, of: .date).isEmpty)
    }

    @Test(arguments: [
        ("The repair takes 2 hours.", ["2 hours"]),
        ("Tech ETA 30 min", ["30 min"]),
        ("Wait 45 minutes please", ["45 minutes"]),
        ("About 1.5 hrs of labor", ["1.5 hrs"]),
        ("Parts arrive in 2-3 days", ["2-3 days"]),
        ("Your warranty covers 10 years of parts.", ["10 years"]),
        ("Allow 3 to 5 weeks", ["3 to 5 weeks"]),
    ])
    func durations(text: String, expected: [String]) {
        #expect(spans(text, of: .duration) == expected)
    }

    @Test(arguments: [
        ("Set it to 72°F tonight", ["72°F"]),
        ("It reads 72 degrees inside", ["72 degrees"]),
        ("Humidity is at 85%", ["85%"]),
        ("Use a 3/4 inch pipe", ["3/4 inch"]),
        ("A 16 SEER unit, 12,000 BTU", ["16 SEER", "12,000 BTU"]),
        ("The 3-ton condenser weighs 5 lbs more", ["3-ton", "5 lbs"]),
        ("We have 4.5 stars on Google", ["4.5 stars"]),
        ("A 3/4\" fitting on the 240V line", ["3/4\"", "240V"]),
    ])
    func measures(text: String, expected: [String]) {
        #expect(spans(text, of: .measure) == expected)
    }

    @Test(arguments: [
        ("The model is XR16, serial SKU-4471-B", ["XR16", "SKU-4471-B"]),
        ("Order #4512 shipped", ["#4512"]),
        ("Tracking 1Z999AA10123456784", ["1Z999AA10123456784"]),
        ("It takes R-410A refrigerant and a 20x25x1 filter", ["R-410A", "20x25x1"]),
    ])
    func codes(text: String, expected: [String]) {
        #expect(spans(text, of: .code) == expected)
    }

    @Test(arguments: [
        "A 2-stage unit", "The 1st visit", "Play the mp3", "Take 2x a day",
    ])
    func notCodes(text: String) {
        #expect(spans(text, of: .code).isEmpty)
    }

    @Test(arguments: [
        ("We're at 123 Main St, Apt 4B.", ["123 Main St, Apt 4B"]),
        ("Office: 4500 Oak Ridge Blvd Suite 200, Austin", ["4500 Oak Ridge Blvd Suite 200"]),
        ("Send it to 12 W 42nd St #3 please", ["12 W 42nd St #3"]),
        ("The job is at 77 Elm Street today", ["77 Elm Street"]),
    ])
    func addresses(text: String, expected: [String]) {
        #expect(spans(text, of: .address) == expected)
    }

    @Test(arguments: [
        "I need 2 more days", "Give it 3 good tries on the way home", "Mi dirección es 123 Calle Principal",
    ])
    func notAddresses(text: String) {
        #expect(spans(text, of: .address).isEmpty)
    }

    @Test(arguments: [
        ("Your HVAC tech is on the way", ["HVAC"]),
        ("The AC is out again", ["AC"]),
        ("Can I take PTO on Friday?", ["PTO"]),
        ("Hi Maria, ETA 15 minutes.", ["ETA"]),
        ("Smith & Sons HVAC: we will be there at 4pm", ["HVAC"]),
        ("THE AC IS BROKEN. Please send the HVAC guy", ["HVAC"]),
        // The keyword a reply asks the contact to text back stays as written.
        ("Text STOP to opt out", ["STOP"]),
        ("Reply YES or NO", ["YES"]),
        ("Reply HELP for help or START to resume", ["HELP", "START"]),
    ])
    func acronyms(text: String, expected: [String]) {
        #expect(spans(text, of: .acronym) == expected)
    }

    @Test(arguments: [
        // Shouted sentences, runs of capitals, "I", emphasis words, AM/PM.
        "MY AC IS NOT WORKING", "the AC IS BROKEN", "I think so", "It's OK, thanks", "Say NO to that",
        "PLEASE STOP", "Call US today", "See you at 8 AM", "MADE IN THE USA!!! GREAT STUFF",
    ])
    func notAcronyms(text: String) {
        #expect(spans(text, of: .acronym).isEmpty)
    }

    @Test func plainNumbersAndPricesKeepTheirKinds() {
        // "at 5" could be 5 am or 5 pm: it stays a plain number, kept as written.
        #expect(found("Call me at 5").map(\.0) == [.number])
        #expect(found("Parts: $350, labor: $180.").map(\.0) == [.money, .money])
        #expect(found("It costs $2 per hour").map(\.1) == ["$2"])
        #expect(found("Zip 12345.").map(\.0) == [.number])
        #expect(found("Reply 1 or 2").map(\.0) == [.number, .number])
    }

    @Test func glossaryAndDoNotTranslateSpansWinOverAcronyms() throws {
        let text = "The AC and the HVAC are fine"
        let ac = try #require(text.range(of: "AC"))
        let hvac = try #require(text.range(of: "HVAC"))
        let spans = found(text, extra: [
            ProtectedText.Span(range: ac, kind: .term), ProtectedText.Span(range: hvac, kind: .doNotTranslate),
        ])
        #expect(spans.map(\.0) == [.term, .doNotTranslate])
    }

    @Test func aMessageWithEveryKindMasksEachOnce() {
        let text = "Hi, the HVAC tech arrives Tuesday, March 5 at 8:30 AM (about 2 hours) at 123 Main St, Apt 4B. "
            + "Model XR16, 16 SEER, set 72°F. Total $350."
        let protected = ProtectedText(protecting: text)
        #expect(protected.entries.map(\.kind) == [
            .acronym, .date, .time, .duration, .address, .code, .measure, .measure, .money,
        ])
        #expect(protected.masked
            == "Hi, the {{T1}} tech arrives {{T2}} at {{T3}} (about {{T4}}) at {{T5}}. Model {{T6}}, {{T7}}, set {{T8}}. Total {{T9}}.")
        let restored = protected.restore(protected.masked)
        #expect(restored.isIntact, "\(restored.problems)")
        #expect(restored.text == text)
    }

    @Test func aKeptAcronymOutsideItsPlaceholderIsNoFalseProblem() {
        // The shouted first sentence keeps "AC" as text; the second protects it. A translation that
        // keeps both, in a sentence that is no longer shouted, is intact.
        let protected = ProtectedText(protecting: "AC BROKEN. The AC fan is loud at 3pm")
        #expect(protected.entries.map(\.kind) == [.acronym, .time])
        let restored = protected.restore("AC roto. El ventilador {{T1}} suena fuerte a las {{T2}}")
        #expect(restored.isIntact, "\(restored.problems)")
        let doubled = protected.restore("AC roto. El {{T1}} AC suena fuerte a las {{T2}}")
        #expect(!doubled.isIntact)
    }
}
