using System.Text.Json;

namespace ChatHub.Testing.OpenAi;

/// <summary>
/// One scripted answer of <see cref="FakeOpenAiServer"/> (set <see cref="FakeOpenAiServer.Script"/>): text, or tool
/// calls (name and raw arguments, which may be invalid JSON), in the chat-completions format, as JSON or as a stream.
/// </summary>
public sealed class FakeOpenAiTurn
{
    private FakeOpenAiTurn(string? text, IReadOnlyList<(string Name, string Arguments)> calls)
    {
        Text = text;
        Calls = calls;
    }

    public string? Text { get; }

    public IReadOnlyList<(string Name, string Arguments)> Calls { get; }

    public static FakeOpenAiTurn Reply(string text) => new(text, []);

    public static FakeOpenAiTurn Call(string name, string arguments) => new(null, [(name, arguments)]);

    public string ToJson(int requestNumber)
    {
        var message = Calls.Count == 0
            ? $$"""{"role":"assistant","content":{{JsonSerializer.Serialize(Text)}}}"""
            : $$"""{"role":"assistant","content":null,"tool_calls":[{{string.Join(",", Calls.Select((call, i) => ToolCall(requestNumber, i, call, withIndex: false)))}}]}""";
        var finish = Calls.Count == 0 ? "stop" : "tool_calls";
        return "{\"id\":\"chatcmpl-" + requestNumber + "\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"message\":" + message
            + ",\"finish_reason\":\"" + finish + "\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}";
    }

    public IEnumerable<string> ToChunks(int requestNumber)
    {
        string Chunk(string delta, string finish) =>
            $$"""{"id":"chatcmpl-{{requestNumber}}","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""";

        if (Calls.Count == 0)
        {
            yield return Chunk($$"""{"role":"assistant","content":{{JsonSerializer.Serialize(Text)}}}""", "null");
            yield return Chunk("{}", "\"stop\"");
            yield break;
        }

        for (var i = 0; i < Calls.Count; i++)
        {
            yield return Chunk($$"""{"role":"assistant","tool_calls":[{{ToolCall(requestNumber, i, Calls[i], withIndex: true)}}]}""", "null");
        }

        yield return Chunk("{}", "\"tool_calls\"");
    }

    private static string ToolCall(int requestNumber, int index, (string Name, string Arguments) call, bool withIndex) =>
        (withIndex ? "{\"index\":" + index + "," : "{") + "\"id\":\"call_" + requestNumber + "_" + index + "\",\"type\":\"function\",\"function\":{\"name\":"
        + JsonSerializer.Serialize(call.Name) + ",\"arguments\":" + JsonSerializer.Serialize(call.Arguments) + "}}";
}
