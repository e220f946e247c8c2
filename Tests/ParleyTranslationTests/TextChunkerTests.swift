import ParleyTranslation
import Testing

@Suite struct TextChunkerTests {
    @Test func shortTextIsOnePiece() {
        #expect(TextChunker(maximumCharacters: 100).chunks("Hola. ¿Cómo estás?") == ["Hola. ¿Cómo estás?"])
    }

    @Test func splitsAtSentencesAndRejoinsExactly() {
        let text = "Primera frase aquí. Segunda frase un poco más larga!  Tercera? Cuarta y última frase.\nNueva línea."
        let chunker = TextChunker(maximumCharacters: 40)
        let chunks = chunker.chunks(text)
        #expect(chunks.joined() == text)
        #expect(chunks.allSatisfy { $0.count <= 40 })
        #expect(chunks.first == "Primera frase aquí. ")
        #expect(chunks.count > 2)
    }

    @Test func longSentenceSplitsAtSpacesThenAnywhere() {
        let sentence = String(repeating: "palabra ", count: 30) + String(repeating: "x", count: 95)
        let chunks = TextChunker(maximumCharacters: 50).chunks(sentence)
        #expect(chunks.joined() == sentence)
        #expect(chunks.allSatisfy { $0.count <= 50 })
        #expect(chunks.dropLast(3).allSatisfy { $0.hasSuffix(" ") })
    }

    @Test func emojiAndCombiningMarksAreNeverCutApart() {
        let text = String(repeating: "👍🏽 é ", count: 40)
        let chunks = TextChunker(maximumCharacters: 7).chunks(text)
        #expect(chunks.joined() == text)
        #expect(chunks.allSatisfy { !$0.unicodeScalars.first!.properties.isGraphemeExtend })
    }
}
