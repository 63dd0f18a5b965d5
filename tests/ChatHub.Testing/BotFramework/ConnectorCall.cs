using System.Text.Json.Nodes;

namespace ChatHub.Testing.BotFramework;

/// <summary>One activity POSTed to the fake connector: the raw (still escaped) path, the decoded ids, the bearer, the body and the answer.</summary>
public sealed record ConnectorCall(
    string RawPath, string ConversationId, string? ReplyToId, string? Authorization, JsonObject Body, int Status, DateTimeOffset At)
{
    public string? Type => Body["type"]?.GetValue<string>();

    public string? Text => Body["text"]?.GetValue<string>();

    public bool IsMessage => Type == "message";

    public bool Succeeded => Status is >= 200 and < 300;
}
