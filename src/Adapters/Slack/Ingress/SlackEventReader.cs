using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatHub.Adapters.Abstractions;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// Reads what Slack sends, strictly (<see cref="StrictJson"/>): <c>type</c> is required of the envelope and of a Socket
/// Mode frame; a repeated member, a null where a string is declared non-null, a wrong JSON type or
/// nesting past 64 is malformed. Unknown members are skipped.
/// </summary>
internal static class SlackEventReader
{
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(SlackEnvelope)] = ["type"],
        [typeof(SocketModeFrame)] = ["type"],
    };

    private static readonly JsonTypeInfo<SlackEnvelope> EnvelopeInfo = StrictJson.For<SlackEnvelope>(SlackEventJsonContext.Default, Required);
    private static readonly JsonTypeInfo<SocketModeFrame> FrameInfo = StrictJson.For<SocketModeFrame>(SlackEventJsonContext.Default, Required);

    public static SlackEnvelope? TryReadEnvelope(ReadOnlySpan<byte> json, out string? error) => TryRead(json, EnvelopeInfo, out error);

    public static SocketModeFrame? TryReadFrame(ReadOnlySpan<byte> json, out string? error) => TryRead(json, FrameInfo, out error);

    private static T? TryRead<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> info, out string? error)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(json, info);
            error = value is null ? "null instead of an object" : null;
            return value;
        }
        catch (JsonException ex)
        {
            error = ex.Path is { Length: > 0 } path ? $"malformed JSON at {path}" : "malformed JSON";
            return null;
        }
    }
}
