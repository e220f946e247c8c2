import Foundation
import ParleyThreads
import Testing

/// A message's provenance keeps each warning's kind beside its text, and still reads the rows
/// written when a warning was one `"kind: text"` line.
@Suite struct MessageProvenanceTests {
    @Test func warningsKeepTheirKindAndOldRowsStillRead() throws {
        let old = #"{"origin": "backend", "warnings": ["optOut: The contact replied STOP", "no kind here"], "stages": []}"#
        let read = try JSONDecoder().decode(MessageProvenance.self, from: Data(old.utf8))
        #expect(read.warnings == [
            MessageProvenance.Warning(kind: "optOut", text: "The contact replied STOP"),
            MessageProvenance.Warning(kind: "note", text: "no kind here"),
        ])
        let written = String(decoding: try JSONEncoder().encode(read), as: UTF8.self)
        #expect(written.contains(#""kind":"optOut""#))
        #expect(!written.contains("optOut:"))
        #expect(try JSONDecoder().decode(MessageProvenance.self, from: Data(written.utf8)) == read)
    }
}
