using System.Text.Json;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// A <c>block_actions</c> interaction (a button pressed on a message), reduced to what the hub reads: who pressed
/// (<c>user.id</c>), where (<c>team.id</c>, <c>channel.id</c>), which button (<c>actions[0].action_id</c>,
/// <c>action_ts</c>), and the message it is on as Slack has it (<c>message.ts</c>, <c>thread_ts</c>, its author, the
/// buttons of its <c>actions</c> blocks with their labels). Slack sends it to the interactivity URL as
/// <c>payload=</c> in a form body (signed like an event), or in Socket Mode as an <c>interactive</c> envelope.
/// </summary>
internal sealed record SlackBlockAction(
    string? TeamId,
    string? UserId,
    string? ChannelId,
    string? ActionId,
    string? ActionTs,
    string? MessageTs,
    string? ThreadTs,
    string? MessageUser,
    string? MessageBotId,
    IReadOnlyList<(string ActionId, string Label)> Buttons)
{
    /// <summary>The action ids of the message's link buttons (a <c>url</c>: Slack opened the address, nothing to ask).</summary>
    public IReadOnlyList<string> LinkActionIds { get; init; } = [];

    /// <summary>The press, or null when <paramref name="payload"/> is not a <c>block_actions</c> payload with a button action.</summary>
    public static SlackBlockAction? Read(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || String(payload, "type") != "block_actions"
            || Member(payload, "actions") is not { ValueKind: JsonValueKind.Array } actions || actions.GetArrayLength() == 0
            || actions[0] is not { ValueKind: JsonValueKind.Object } action || String(action, "type") != "button")
        {
            return null;
        }

        var message = Member(payload, "message") is { ValueKind: JsonValueKind.Object } m ? m : default;
        var buttons = new List<(string, string)>();
        var links = new List<string>();
        if (message.ValueKind == JsonValueKind.Object && Member(message, "blocks") is { ValueKind: JsonValueKind.Array } blocks)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (String(block, "type") != "actions" || Member(block, "elements") is not { ValueKind: JsonValueKind.Array } elements)
                {
                    continue;
                }

                foreach (var element in elements.EnumerateArray())
                {
                    if (String(element, "type") == "button" && String(element, "action_id") is { } id)
                    {
                        if (Member(element, "url") is not null)
                        {
                            links.Add(id);
                        }
                        else if (Member(element, "text") is { ValueKind: JsonValueKind.Object } text && String(text, "text") is { } label)
                        {
                            buttons.Add((id, label));
                        }
                    }
                }
            }
        }

        return new SlackBlockAction(
            Member(payload, "team") is { ValueKind: JsonValueKind.Object } team ? String(team, "id") : null,
            Member(payload, "user") is { ValueKind: JsonValueKind.Object } user ? String(user, "id") : null,
            Member(payload, "channel") is { ValueKind: JsonValueKind.Object } channel ? String(channel, "id") : null,
            String(action, "action_id"),
            String(action, "action_ts"),
            message.ValueKind == JsonValueKind.Object ? String(message, "ts") : null,
            message.ValueKind == JsonValueKind.Object ? String(message, "thread_ts") : null,
            message.ValueKind == JsonValueKind.Object ? String(message, "user") : null,
            message.ValueKind == JsonValueKind.Object ? String(message, "bot_id") : null,
            buttons)
        {
            LinkActionIds = links,
        };
    }

    private static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
