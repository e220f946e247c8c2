import Foundation
import Testing

@testable import ParleyLanguage

/// Regular expressions compiled once by the system ICU and run over UTF-16 in place.
@Suite struct ICUPatternsTests {
    private func first(_ patterns: ICUPatterns, _ index: Int, in text: String, prefix: Int? = nil) -> Range<Int>? {
        let units = Array(text.utf16)
        return patterns.withMatcher { matcher in
            units.withUnsafeBufferPointer { buffer in
                matcher.firstMatch(index, in: UnsafeBufferPointer(rebasing: buffer[..<(prefix ?? units.count)]))
            }
        }
    }

    @Test func findsTheFirstMatchOfEachPatternInUTF16Offsets() throws {
        let patterns = try ICUPatterns([#"\bstop\b"#, "不要.?发", "(?: please)*(?= $)"])
        #expect(patterns.count == 3)
        #expect(first(patterns, 0, in: "please stop, stop") == 7..<11)
        #expect(first(patterns, 0, in: "nonstop") == nil)
        // Offsets count UTF-16 units: the emoji before the match is two.
        #expect(first(patterns, 1, in: "😀请不要再发") == 3..<7)
        #expect(first(patterns, 2, in: " ok please ") == 3..<10)
    }

    @Test func theTextEndsWhereTheCallerCutsIt() throws {
        let patterns = try ICUPatterns(["(?:dont|never)$", "stop(?= me)"])
        // The first 10 units of "i dont know": "$" matches at the cut, as the phrase guards expect.
        #expect(first(patterns, 0, in: "i dont know", prefix: 6) == 2..<6)
        #expect(first(patterns, 0, in: "i dont know") == nil)
        // Look-ahead sees nothing past the cut.
        #expect(first(patterns, 1, in: "stop me", prefix: 5) == nil)
        #expect(first(patterns, 1, in: "stop me") == 0..<4)
        #expect(first(patterns, 1, in: "", prefix: 0) == nil)
    }

    @Test func aPatternThatDoesNotCompileIsNamed() {
        #expect {
            _ = try ICUPatterns(["fine", "(unclosed", "also fine"])
        } throws: { error in
            (error as? ICUPatterns.CompileError)?.index == 1
        }
    }

    @Test func concurrentCallersEachGetTheirOwnMatcher() async throws {
        let patterns = try ICUPatterns([#"\d+"#, "[a-z]+"])
        let texts = (0..<400).map { "id \($0) " + String(repeating: "x", count: $0 % 17 + 1) }
        let results = await withTaskGroup(of: (Int, Range<Int>?, Range<Int>?).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, self.first(patterns, 0, in: text), self.first(patterns, 1, in: text)) }
            }
            var results: [Int: (Range<Int>?, Range<Int>?)] = [:]
            for await (index, digits, letters) in group { results[index] = (digits, letters) }
            return results
        }
        for (index, text) in texts.enumerated() {
            let digits = String(index)
            #expect(results[index]?.0 == 3..<(3 + digits.count), "\(text)")
            #expect(results[index]?.1 == 0..<2, "\(text)")
        }
    }
}
