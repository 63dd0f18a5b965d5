using System.Text.Json;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// A received gateway payload: <c>{"op","d","s","t"}</c>. <see cref="S"/> and <see cref="T"/> are set only for
/// dispatches (op 0). <see cref="D"/> is kept as JSON and read by whoever handles the event.
/// </summary>
internal sealed record GatewayFrame
{
    public int? Op { get; init; }

    public JsonElement D { get; init; }

    public long? S { get; init; }

    public string? T { get; init; }
}
