import Foundation
import ParleyTesting

/// An OpenAI-compatible server on loopback: `POST /v1/chat/completions` and `GET /v1/models`,
/// checking the bearer key and the request's fields as a translating client sends them (model,
/// system and user messages, `temperature: 0`, `response_format: json_object`), and answering with
/// OpenAI's `chat.completion` object and error envelopes.
///
/// The fake "model" reads the user message `{"source","target","texts"}` and answers
/// `{"translations":["[EN] " + text, …]}` with the target's tag in capitals.
final class OpenAIFake: Sendable {
    static let key = "sk-fake-4b1d9e0c7a6f"
    static let model = "gpt-fake-mini"

    let server: FakeHTTPServer
    var baseURL: String { server.baseURL }
    var requests: [FakeHTTPServer.Request] { server.requests }
    var completionRequests: [FakeHTTPServer.Request] { server.requests.filter { $0.path == "/v1/chat/completions" } }

    /// - Parameter override: a reply that replaces the fake's own for a request, or nil to let it answer.
    init(override: (@Sendable (FakeHTTPServer.Request) -> FakeHTTPServer.Reply?)? = nil) throws {
        server = try FakeHTTPServer { request in
            override?(request) ?? Self.reply(to: request)
        }
    }

    /// OpenAI's error envelope.
    static func error(
        _ status: Int, message: String, type: String, code: String?, headers: [(name: String, value: String)] = []
    ) -> FakeHTTPServer.Reply {
        .json(status, ["error": ["message": message, "type": type, "param": NSNull(), "code": code ?? NSNull()] as [String: Any]],
              headers: headers)
    }

    /// A `chat.completion` with one choice.
    static func completion(content: String?, refusal: String? = nil, finishReason: String = "stop") -> FakeHTTPServer.Reply {
        let message: [String: Any] = ["role": "assistant", "content": content ?? NSNull(), "refusal": refusal ?? NSNull()]
        return .json(200, [
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 1_700_000_000, "model": model,
            "choices": [["index": 0, "message": message, "finish_reason": finishReason]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20],
        ])
    }

    /// The user message of a recorded completion request, decoded.
    static func userMessage(of request: FakeHTTPServer.Request) -> [String: Any]? {
        guard let body = request.json as? [String: Any], let messages = body["messages"] as? [[String: Any]],
              let content = messages.last?["content"] as? String
        else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any]
    }

    /// The system prompt of a recorded completion request.
    static func systemPrompt(of request: FakeHTTPServer.Request) -> String? {
        guard let body = request.json as? [String: Any], let messages = body["messages"] as? [[String: Any]] else { return nil }
        return messages.first { $0["role"] as? String == "system" }?["content"] as? String
    }

    static func reply(to request: FakeHTTPServer.Request) -> FakeHTTPServer.Reply {
        guard request.header("Authorization") == "Bearer \(key)" else {
            let given = request.header("Authorization")?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
            return error(401, message: "Incorrect API key provided: \(given). You can find your API key at https://platform.openai.com/account/api-keys.",
                         type: "invalid_request_error", code: "invalid_api_key")
        }
        switch (request.method, request.path) {
        case ("GET", "/v1/models"):
            return .json(200, ["object": "list", "data": [["id": model, "object": "model", "created": 0, "owned_by": "fake"]]])
        case ("POST", "/v1/chat/completions"):
            return complete(request)
        default:
            return error(404, message: "Invalid URL (\(request.method) \(request.path))", type: "invalid_request_error", code: nil)
        }
    }

    private static func complete(_ request: FakeHTTPServer.Request) -> FakeHTTPServer.Reply {
        guard let body = request.json as? [String: Any] else {
            return error(400, message: "We could not parse the JSON body of your request.", type: "invalid_request_error", code: nil)
        }
        guard body["model"] as? String == model else {
            return error(404, message: "The model `\(body["model"] ?? "")` does not exist or you do not have access to it.",
                         type: "invalid_request_error", code: "model_not_found")
        }
        guard let messages = body["messages"] as? [[String: Any]], messages.count == 2,
              messages[0]["role"] as? String == "system", messages[1]["role"] as? String == "user",
              messages.allSatisfy({ $0["content"] is String })
        else {
            return error(400, message: "Invalid 'messages'.", type: "invalid_request_error", code: "invalid_value")
        }
        guard (body["temperature"] as? NSNumber)?.doubleValue == 0,
              (body["response_format"] as? [String: Any])?["type"] as? String == "json_object",
              (systemPrompt(of: request) ?? "").lowercased().contains("json")
        else {
            return error(400, message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
                         type: "invalid_request_error", code: nil)
        }
        guard let user = userMessage(of: request), let target = user["target"] as? String, user["source"] is String,
              let texts = user["texts"] as? [String]
        else {
            return completion(content: "I need texts to translate.")
        }
        let translations = texts.map { "[\(target.uppercased())] " + $0 }
        let content = (try? JSONSerialization.data(withJSONObject: ["translations": translations])).map {
            String(decoding: $0, as: UTF8.self)
        } ?? "{}"
        return completion(content: content)
    }
}
