using System.Text.Json.Nodes;

namespace ChatHub.Testing.WhatsApp;

/// <summary>
/// One <c>POST /{version}/{phone-number-id}/messages</c> to the fake: the phone number id, the bearer, the body and the
/// answer (status and, for errors, the Graph error code).
/// </summary>
public sealed record CloudApiCall(string PhoneNumberId, string? Authorization, JsonObject Body, int Status, int? ErrorCode, DateTimeOffset At)
{
    /// <summary>The recipient's wa_id (<c>to</c>); null for read receipts.</summary>
    public string? To => Body["to"]?.GetValue<string>();

    /// <summary><c>text</c>, <c>template</c>, …, or <c>read</c> for a read receipt / typing indicator.</summary>
    public string Type => Body["status"]?.GetValue<string>() == "read" ? "read" : Body["type"]?.GetValue<string>() ?? "";

    public string? Text => Body["text"]?["body"]?.GetValue<string>() ?? Body["interactive"]?["body"]?["text"]?.GetValue<string>();

    /// <summary>A list message's rows: (id, title, description).</summary>
    public IReadOnlyList<(string Id, string Title, string? Description)> Rows =>
        Body["interactive"]?["action"]?["sections"] is JsonArray sections
            ? [.. sections.SelectMany(s => s?["rows"] as JsonArray ?? []).Select(r => (r!["id"]!.GetValue<string>(), r["title"]!.GetValue<string>(), r["description"]?.GetValue<string>()))]
            : [];

    /// <summary>The quoted message (<c>context.message_id</c>), for replies.</summary>
    public string? ReplyTo => Body["context"]?["message_id"]?.GetValue<string>();

    public string? TemplateName => Body["template"]?["name"]?.GetValue<string>();

    /// <summary>For read receipts: the message marked read; <see cref="Typing"/> when a typing indicator was asked for.</summary>
    public string? ReadMessageId => Body["message_id"]?.GetValue<string>();

    public bool Typing => Body["typing_indicator"]?["type"]?.GetValue<string>() == "text";

    public bool Succeeded => Status is >= 200 and < 300;

    public bool IsMessage => Type is not ("read" or "");
}
