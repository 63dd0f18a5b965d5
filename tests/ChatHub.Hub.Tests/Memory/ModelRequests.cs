using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Hub.Tests.Memory;

/// <summary>
/// Reading what the OpenAI-compatible fake received, for the memory and summary tests: the messages of a request, whether
/// it asks for a summary, and the fake's summary (every <c>zq…</c> word it was given, so a fact can be followed through).
/// </summary>
internal static partial class ModelRequests
{
    /// <summary>The messages of a request as (role, text); a message without text content has "".</summary>
    public static List<(string Role, string Content)> Messages(JsonElement body) =>
        [.. body.GetProperty("messages").EnumerateArray().Select(m => (
            m.GetProperty("role").GetString()!,
            m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : ""))];

    /// <summary>True for the hub's summary requests (recognised by their system message).</summary>
    public static bool IsSummaryRequest(List<(string Role, string Content)> messages) =>
        messages.Count > 0 && messages[0].Content.Contains("running summary of a conversation", StringComparison.Ordinal);

    /// <summary>The fake model's summary: the distinct zq words of the request's last message.</summary>
    public static FakeOpenAiTurn Summarise(List<(string Role, string Content)> messages) =>
        FakeOpenAiTurn.Reply("The person said: " + string.Join(", ", Marker().Matches(messages[^1].Content).Select(m => m.Value).Distinct(StringComparer.Ordinal)) + ".");

    [GeneratedRegex("zq[a-z0-9]+")]
    private static partial Regex Marker();
}
