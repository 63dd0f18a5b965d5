using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Discord.Api;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>Reading gateway payloads without throwing: a malformed frame is a reason, logged and skipped by the caller.</summary>
internal static class GatewayFrames
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out GatewayFrame? frame, [NotNullWhen(false)] out string? error)
    {
        frame = null;
        if (!Utf8.IsValid(utf8))
        {
            // Checked up front: a string with invalid UTF-8 would otherwise only fail when (and where) it is read.
            error = "not a gateway payload (not UTF-8)";
            return false;
        }

        try
        {
            // JsonElement copies what it keeps: the receive buffer may be reused afterwards.
            var parsed = JsonSerializer.Deserialize(utf8, DiscordJsonContext.Default.GatewayFrame);
            if (parsed?.Op is null)
            {
                error = "no op";
                return false;
            }

            frame = parsed;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"not a gateway payload (bad JSON at line {ex.LineNumber ?? 0}, byte {ex.BytePositionInLine ?? 0})";
            return false;
        }
    }

    /// <summary>
    /// MESSAGE_CREATE's <c>d</c>, read strictly: <c>id</c>, <c>channel_id</c> and <c>author.id</c> may not be null
    /// (they key de-duplication and the conversation), <c>type</c> must be there (a missing one would read as 0, a
    /// person's message), and a repeated member is malformed rather than last-one-wins.
    /// </summary>
    private static readonly JsonTypeInfo<DiscordMessage> StrictMessage = StrictJson.For<DiscordMessage>(
        DiscordJsonContext.Default, new Dictionary<Type, string[]> { [typeof(DiscordMessage)] = ["type"] });

    /// <summary>A MESSAGE_CREATE's message; false if <paramref name="data"/> is not a well-formed one.</summary>
    public static bool TryReadMessageCreate(JsonElement data, [NotNullWhen(true)] out DiscordMessage? message) => TryRead(data, StrictMessage, out message);

    /// <summary>Reads an event's <c>d</c>; false if it is not an object of that shape.</summary>
    public static bool TryRead<T>(JsonElement data, JsonTypeInfo<T> info, [NotNullWhen(true)] out T? value)
    {
        value = default;
        if (data.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        try
        {
            value = data.Deserialize(info);
            return value is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary><c>{url}/?v=10&amp;encoding=json</c> for a gateway or resume URL (ws or wss).</summary>
    public static bool TryGatewayUri(string? url, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != "wss" && parsed.Scheme != "ws"))
        {
            return false;
        }

        uri = new UriBuilder(parsed) { Query = "v=10&encoding=json" }.Uri;
        return true;
    }
}
