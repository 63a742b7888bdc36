import Foundation
import Testing
@testable import CapzFlowRunner

@Suite("Run ids")
struct RunIdentifierTests {
    @Test("a generated id is the start's UTC time to the second and four random letters or digits, and is valid")
    func generated() {
        // 2026-11-25 21:02:03.9 UTC: the seconds are not rounded up.
        let date = Date(timeIntervalSince1970: 1_795_636_800 + 3_723.9)
        var tails = Set<String>()
        for _ in 0..<20 {
            let id = RunIdentifier.generate(at: date)
            #expect(id.hasPrefix("20261125-210203-"))
            let tail = id.dropFirst("20261125-210203-".count)
            #expect(tail.count == 4)
            #expect(tail.allSatisfy { "abcdefghjkmnpqrstuvwxyz23456789".contains($0) })
            #expect(RunIdentifier.isValid(id))
            tails.insert(String(tail))
        }
        #expect(tails.count > 1)
        #expect(RunIdentifier.generate(at: Date(timeIntervalSince1970: 0)).hasPrefix("19700101-000000-"))
    }

    @Test("ids sort by their start time")
    func sortable() {
        let earlier = RunIdentifier.generate(at: Date(timeIntervalSince1970: 1_795_636_799))
        let later = RunIdentifier.generate(at: Date(timeIntervalSince1970: 1_795_636_800))
        #expect(earlier < later)
    }

    @Test("a chosen id is 1 to 64 of letters, digits, dot, dash and underscore, starting with a letter or digit")
    func validity() {
        #expect(RunIdentifier.isValid("demo-1"))
        #expect(RunIdentifier.isValid(String(repeating: "a", count: 64)))
        #expect(!RunIdentifier.isValid(String(repeating: "a", count: 65)))
        #expect(!RunIdentifier.isValid(""))
        #expect(!RunIdentifier.isValid("-x"))
        #expect(!RunIdentifier.isValid("a/b"))
        #expect(!RunIdentifier.isValid("é"))
    }
}
