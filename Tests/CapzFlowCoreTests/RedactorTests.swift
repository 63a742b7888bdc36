import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Redactor")
struct RedactorTests {
    static let secret = "s3cr3t-Pa55word/with+symbols=="

    @Test("a listed value is masked wherever it appears")
    func masksValue() {
        let redactor = Redactor(secrets: [Self.secret])
        #expect(redactor.redact("login with \(Self.secret) now") == "login with *** now")
        #expect(redactor.redact("\(Self.secret)\(Self.secret)") == "******")
        #expect(redactor.redact("nothing secret here") == "nothing secret here")
        #expect(!redactor.isEmpty)
    }

    @Test("a value's base64 form is masked")
    func masksBase64() {
        let redactor = Redactor(secrets: [Self.secret])
        let encoded = Data(Self.secret.utf8).base64EncodedString()
        #expect(redactor.redact("Authorization: Basic \(encoded)") == "Authorization: Basic ***")
    }

    struct Alignment: Sendable, CustomTestStringConvertible {
        var prefix: String
        var testDescription: String { "secret at byte offset \(prefix.utf8.count % 3) of a group" }
    }

    static let alignments = [
        Alignment(prefix: "apiVersion: v1\nkind: Config\nuser:\n  token: "),  // 43 bytes
        Alignment(prefix: "apiVersion: v1\nkind: Config\nuser:\n  token:  "),  // 44 bytes
        Alignment(prefix: "apiVersion: v1\nkind: Config\nuser:\n  token:   "),  // 45 bytes
    ]

    @Test("a secret base64-encoded inside a larger blob is masked at every byte alignment", arguments: alignments)
    func masksInsideBlob(_ alignment: Alignment) {
        let suffix = "\nclusters: []\n"
        let blob = Data((alignment.prefix + Self.secret + suffix).utf8).base64EncodedString()
        let redacted = Redactor(secrets: [Self.secret]).redact("kubeconfig: \(blob)")

        #expect(redacted.contains(Redactor.mask))
        // The secret covers about 4/3 of its length in base64; at most one partial group of
        // characters on each side may stay.
        let encodedSpan = Self.secret.utf8.count * 4 / 3
        let removed = "kubeconfig: \(blob)".count - (redacted.count - Redactor.mask.count)
        #expect(removed >= encodedSpan - 6, "only \(removed) of about \(encodedSpan) characters masked")
        // The text around the secret is left alone.
        let stablePrefix = Data(alignment.prefix.utf8.prefix(alignment.prefix.utf8.count / 3 * 3)).base64EncodedString()
        #expect(redacted.hasPrefix("kubeconfig: " + stablePrefix))
    }

    @Test("the shortest maskable secret is masked inside a blob at every byte alignment", arguments: 0..<3)
    func masksShortSecretInsideBlob(offset: Int) {
        let secret = "k9#Q"
        let blob = Data((String(repeating: "x", count: 30 + offset) + secret + "yyyyyy").utf8).base64EncodedString()
        let redacted = Redactor(secrets: [secret]).redact(blob)
        #expect(redacted.contains(Redactor.mask))
    }

    @Test("values shorter than the minimum are not masked, and empty ones are ignored")
    func shortValues() {
        let redactor = Redactor(secrets: ["", "ab", "abc"])
        #expect(redactor.isEmpty)
        #expect(redactor.redact("abc ab") == "abc ab")
        #expect(Redactor(secrets: ["abcd"]).redact("xabcdx") == "x***x")
    }

    @Test("a longer secret that contains a shorter one is masked whole")
    func longestFirst() {
        let redactor = Redactor(secrets: ["hunter2", "hunter2-admin"])
        #expect(redactor.redact("a=hunter2-admin b=hunter2") == "a=*** b=***")
        #expect(Redactor(secrets: ["hunter2-admin", "hunter2"]).redact("hunter2-admin") == "***")
    }

    @Test("the empty redactor leaves text unchanged")
    func none() {
        #expect(Redactor.none.isEmpty)
        #expect(Redactor.none.redact("password=hunter2") == "password=hunter2")
    }

    // MARK: Which values are secret

    struct Name: Sendable, CustomTestStringConvertible {
        var name: String
        var secret: Bool
        var testDescription: String { "\(name) is \(secret ? "" : "not ")secret" }
    }

    static let names: [Name] = [
        Name(name: "AZURE_CLIENT_SECRET", secret: true),
        Name(name: "DB_PASSWORD", secret: true),
        Name(name: "GITHUB_TOKEN", secret: true),
        Name(name: "github_token", secret: true),
        Name(name: "SecretKey", secret: true),
        Name(name: "AZURE_LOCATION", secret: false),
        Name(name: "PASS", secret: false),
        Name(name: "KUBECONFIG", secret: false),
    ]

    @Test("names containing SECRET, PASSWORD or TOKEN are secret, in any case", arguments: names)
    func looksSecret(_ example: Name) {
        #expect(WorkflowNames.looksSecret(example.name) == example.secret)
    }

    @Test("the secret values of an environment are those of listed and secret-looking names")
    func secretValues() {
        let environment = [
            "AZURE_CLIENT_SECRET": "value-1", "REGISTRY_PASSWORD": "value-2", "SP_KEY": "value-3", "AZURE_LOCATION": "westeurope",
        ]
        let values = Redactor.secretValues(in: environment, listed: ["SP_KEY"])
        #expect(Set(values) == ["value-1", "value-2", "value-3"])
        let redactor = Redactor(secrets: values)
        #expect(redactor.redact("value-1 value-2 value-3 westeurope") == "*** *** *** westeurope")
    }
}
