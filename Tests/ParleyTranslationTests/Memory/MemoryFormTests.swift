import ParleyLanguage
@testable import ParleyTranslation
import Testing

/// Turning a sentence and its wording into an entry with variables, and finding entries for a
/// sentence: exact, close with a score, or none.
@Suite struct MemoryFormTests {
    let pair = LanguagePair(LanguageTag("en")!, LanguageTag("es")!)

    @Test func valuesOnBothSidesBecomeTheSameVariables() {
        let form = MemoryForm(
            source: "Your estimate is $350 and the visit is at 3pm, order #4512.",
            target: "Su cotización es de $350 y la visita es a las 3 p. m., pedido #4512.", pair: pair)
        #expect(form.source == "Your estimate is {amount} and the visit is at {time}, order {code}.")
        #expect(form.target == "Su cotización es de {amount} y la visita es a las {time}, pedido {code}.")
    }

    @Test func aTimeEndingTheSentenceKeepsTheSentencesPeriod() {
        let form = MemoryForm(source: "See you at 3:00 PM.", target: "Nos vemos a las 3:00 p. m.", pair: pair)
        #expect(form.source == "See you at {time}.")
        #expect(form.target == "Nos vemos a las {time}.")
    }

    @Test func aValueTheWordingDoesNotShowStaysAsWritten() {
        // "tomorrow at 9" has no time the finder reads; "$40" is written "40 dólares" in the wording.
        let form = MemoryForm(source: "The fee is $40.", target: "La tarifa es de 40 dólares.", pair: pair)
        #expect(form.source == "The fee is $40.")
        #expect(form.target == "La tarifa es de 40 dólares.")
        #expect(form.variables.isEmpty)
    }

    @Test func textAlreadyInMemoryFormKeepsItsVariables() {
        let form = MemoryForm(
            source: "Your technician will arrive between {time} and {time2}.",
            target: "Su técnico llegará entre las {time} y las {time2}.", pair: pair)
        #expect(form.source == "Your technician will arrive between {time} and {time2}.")
        #expect(form.target == "Su técnico llegará entre las {time} y las {time2}.")
        #expect(form.variables == ["{time}", "{time2}"])
    }

    @Test func aRepeatedKindIsNumberedInOrder() {
        let form = MemoryForm(
            source: "Call 555-201-3344 or 555-201-9988.", target: "Llame al 555-201-3344 o al 555-201-9988.", pair: pair)
        #expect(form.source == "Call {phone} or {phone2}.")
        #expect(form.target == "Llame al {phone} o al {phone2}.")
    }

    func entry(_ id: String, _ source: String, _ target: String, to language: String = "es") -> MemoryEntry {
        MemoryEntry(id: id, sourceLanguage: LanguageTag("en")!, targetLanguage: LanguageTag(language)!, source: source, target: target)
    }

    func segment(_ sentence: String) -> MemorySegment {
        let plan = ProtectionPlan(text: sentence, pair: pair, glossary: nil, finder: SpanFinder(), substitute: false)
        return MemorySegment(sentence, spans: plan.spans, rendering: plan.rendering(of:))
    }

    @Test func anExactMatchIgnoresCaseQuotesAndSpacing() throws {
        let index = MemoryIndex([entry("1", "We’re on the way to your home at {time}.", "Vamos en camino a su casa a las {time}.")], pair: pair)
        let match = try #require(index.match(segment("we're on the  way to your home at 10:15 AM."), threshold: 0.85))
        #expect(match.isExact && match.score == 1)
        let text = try #require(match.render(segment("we're on the  way to your home at 10:15 AM.")))
        #expect(text.hasPrefix("Vamos en camino a su casa a las 10:15"))
        #expect(!text.contains("{time}"))
    }

    @Test func aCloseMatchHasItsScoreAndAFarOneNone() throws {
        let index = MemoryIndex([entry("1", "Your technician is on the way to your home now.", "Su técnico va en camino a su casa ahora.")], pair: pair)
        // One word of eleven differs.
        let close = try #require(index.match(segment("Your technician is on the way to your house now."), threshold: 0.85))
        #expect(!close.isExact)
        #expect(close.percent == 90)
        #expect(index.match(segment("Your technician is running late today."), threshold: 0.85) == nil)
        // At a threshold of 1 only exact matches count.
        #expect(index.match(segment("Your technician is on the way to your house now."), threshold: 1) == nil)
    }

    @Test func variablesMustBeTheSame() {
        let index = MemoryIndex([entry("1", "The estimate is {amount}.", "La cotización es de {amount}.")], pair: pair)
        #expect(index.match(segment("The estimate is $350."), threshold: 0.85) != nil)
        #expect(index.match(segment("The estimate is ready."), threshold: 0.5) == nil)
    }

    @Test func entriesServeTheirLanguageAndTheirRegionFirst() throws {
        let entries = [
            entry("base", "Thank you for choosing us!", "¡Gracias por elegirnos!"),
            entry("mx", "Thank you for choosing us!", "¡Gracias por preferirnos!", to: "es-MX"),
            entry("pt", "Thank you for choosing us!", "Obrigado por nos escolher!", to: "pt"),
        ]
        let mexico = MemoryIndex(entries, pair: LanguagePair(LanguageTag("en")!, LanguageTag("es-MX")!))
        #expect(mexico.count == 2)
        #expect(try #require(mexico.match(segment("Thank you for choosing us!"), threshold: 0.85)).entry.id == "mx")
        let spanish = MemoryIndex(entries, pair: pair)
        #expect(spanish.count == 1)
        #expect(try #require(spanish.match(segment("Thank you for choosing us!"), threshold: 0.85)).entry.id == "base")
    }

    @Test func anEntryWhoseWordingLacksAVariableIsLeftOut() {
        let index = MemoryIndex([entry("1", "See you at {time}.", "Hasta luego.")], pair: pair)
        #expect(index.isEmpty)
    }

    @Test func piecesKeepEveryCharacterAndJoinTheBackendsRuns() {
        let text = "  First new one. Approved one!  Second new one?\nThird new one. "
        let pieces = MemoryPiece.split(text) { core in
            core == "Approved one!"
                ? (MemoryMatch(entry: entry("1", "Approved one!", "¡Aprobada!"), score: 1, isExact: true), "¡Aprobada!") : nil
        }
        #expect(pieces.map { String($0.leading) + $0.core + $0.trailing }.joined() == text)
        #expect(pieces.map { $0.match == nil } == [true, false, true])
        #expect(pieces[2].core == "Second new one?\nThird new one.")
    }
}
