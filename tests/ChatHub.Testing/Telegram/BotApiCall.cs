using System.Text.Json.Nodes;

namespace ChatHub.Testing.Telegram;

/// <summary>One request the fake Bot API received, with the status it answered.</summary>
public sealed record BotApiCall(string Method, string Token, JsonObject Body, int Status, DateTimeOffset At)
{
    public long? ChatId => Body["chat_id"]?.GetValue<long>();

    public string? Text => Body["text"]?.GetValue<string>();

    public long? ReplyToMessageId => Body["reply_parameters"]?["message_id"]?.GetValue<long>();

    public long? ThreadId => Body["message_thread_id"]?.GetValue<long>();

    public bool Succeeded => Status == 200;

    /// <summary>The call's <c>entities</c> (empty when it sent none).</summary>
    public IReadOnlyList<SentEntity> Entities => FakeBotApi.EntitiesOf(Body);

    public string? ParseMode => Body["parse_mode"]?.GetValue<string>();

    /// <summary>The bytes of the file uploaded as <paramref name="field"/> (multipart), or null when none was.</summary>
    public byte[]? FileBytes(string field) =>
        Body[field] is JsonObject file && file["base64"]?.GetValue<string>() is { } base64 ? Convert.FromBase64String(base64) : null;

    /// <summary>The file name the upload <paramref name="field"/> was sent with.</summary>
    public string? FileName(string field) => Body[field] is JsonObject file ? file["file_name"]?.GetValue<string>() : null;
}
