import Foundation
import LLM
import Testing

/// The Batch API's files as the client writes and reads them, without a server.
@Suite struct BatchFileTests {
    let client = LLMClient(endpoint: EndpointConfiguration(baseURL: "https://api.example.com/v1", apiKey: APIKey("sk-batch-secret"),
                                                           model: "gpt-test", api: .chat))

    @Test func inputLinesCarryTheLiveBodyUnderTheBasePathAndNoKey() throws {
        let input = try client.batchInput([
            BatchRequest(customID: "instructions-3-0", prompt: .chat([ChatMessage(.user, "List tasks.")]),
                         parameters: SamplingParameters(maxTokens: 64, temperature: 0.7, seed: 9)),
        ])
        let text = String(decoding: input, as: UTF8.self)
        #expect(text == #"{"body":{"max_tokens":64,"messages":[{"content":"List tasks.","role":"user"}],"model":"gpt-test","seed":9,"temperature":0.7},"custom_id":"instructions-3-0","method":"POST","url":"/v1/chat/completions"}"# + "\n")
        #expect(!text.contains("sk-batch-secret"))
    }

    @Test func outcomesReadAnswersFailuresAndExpiries() throws {
        let file = """
            {"custom_id":"a","error":null,"response":{"status_code":200,"body":{"model":"gpt-test-0613","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"length"}],"usage":{"prompt_tokens":10,"completion_tokens":4}}}}
            {"custom_id":"b","error":null,"response":{"status_code":429,"body":{"error":{"message":"Rate limit reached"}}}}
            {"custom_id":"c","response":null,"error":{"code":"batch_expired","message":"Not run in time."}}
            {"custom_id":"d","error":null,"response":{"status_code":200,"body":{"object":"list"}}}

            """
        let outcomes = try client.batchOutcomes(in: Data(file.utf8))
        guard case .answered(let completion) = outcomes["a"] else { Issue.record("a: \(String(describing: outcomes["a"]))"); return }
        #expect(completion.text == "Hi")
        #expect(completion.finishReason == .length)
        #expect(completion.model == "gpt-test-0613")
        #expect(completion.usage == Usage(promptTokens: 10, completionTokens: 4))
        guard case .failed(let code, let message) = outcomes["b"] else { Issue.record("b"); return }
        // The server's words are quoted with control characters blanked, as in live errors.
        #expect(code == "429" && message == "“Rate limit reached”")
        guard case .failed(let expired, let said) = outcomes["c"] else { Issue.record("c"); return }
        #expect(expired == "batch_expired" && said == "“Not run in time.”")
        guard case .failed(let malformed, let why) = outcomes["d"] else { Issue.record("d"); return }
        #expect(malformed == "malformed")
        #expect(why.contains("no \"choices\" field"))
    }

    @Test func aLineThatIsNotAResultIsNamedByItsNumber() {
        let file = Data(#"{"custom_id":"a","error":{"code":"x","message":"y"}}"#.utf8 + [0x0A] + Data("<html>".utf8))
        #expect(throws: LLMError.self) { try client.batchOutcomes(in: file) }
        do {
            _ = try client.batchOutcomes(in: file)
        } catch {
            #expect("\(error)".contains("Line 2 of a batch result file from https://api.example.com/v1"))
        }
    }
}
