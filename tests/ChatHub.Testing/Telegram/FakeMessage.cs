using System.Text.Json.Nodes;

namespace ChatHub.Testing.Telegram;

/// <summary>A message the bot sent, as the chat now shows it (edits applied), with its inline keyboard if it has one.</summary>
public sealed record FakeMessage(long ChatId, long MessageId, string Text, long? ReplyTo, long? ThreadId, int Edits)
{
    /// <summary>The message's <c>reply_markup</c> (an InlineKeyboardMarkup) as sent, or null.</summary>
    public JsonObject? ReplyMarkup { get; init; }

    /// <summary>The texts of the keyboard's buttons, row by row.</summary>
    public IReadOnlyList<string> ButtonTexts => FakeBotApi.ButtonTextsOf(ReplyMarkup);
}
