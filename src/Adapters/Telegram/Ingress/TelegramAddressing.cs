using System.Text;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// Reads a message's entities to tell whether it addresses the bot (a command, a mention) and removes the bot's
/// own <c>@username</c> from the text. Offsets are UTF-16 code units; entities outside the text are skipped.
/// </summary>
internal readonly record struct TelegramAddressing(string Text, bool IsCommand, bool CommandForAnotherBot, bool MentionsBot)
{
    public static TelegramAddressing Analyze(string text, IReadOnlyList<MessageEntity>? entities, TelegramBotIdentity identity)
    {
        var username = identity.Username;
        var isCommand = false;
        var otherBot = false;
        var mentions = false;
        var removals = new List<(int Start, int Length)>();
        foreach (var entity in entities ?? [])
        {
            if (entity is null || entity.Offset < 0 || entity.Length <= 0 || entity.Offset > text.Length - entity.Length)
            {
                continue;
            }

            var value = text.AsSpan(entity.Offset, entity.Length);
            switch (entity.Type)
            {
                case MessageEntityType.BotCommand when entity.Offset == 0:
                    var at = value.IndexOf('@');
                    if (at < 0)
                    {
                        isCommand = true;
                    }
                    else if (username is not null && value[(at + 1)..].Equals(username, StringComparison.OrdinalIgnoreCase))
                    {
                        isCommand = true;
                        removals.Add((entity.Offset + at, entity.Length - at));
                    }
                    else
                    {
                        otherBot = true;
                    }

                    break;
                case MessageEntityType.Mention when username is not null && value.Length > 1 && value[1..].Equals(username, StringComparison.OrdinalIgnoreCase):
                case MessageEntityType.TextMention when entity.User?.Id == identity.BotId:
                    mentions = true;
                    removals.Add((entity.Offset, entity.Length));
                    break;
            }
        }

        return new TelegramAddressing(Remove(text, removals), isCommand, otherBot, mentions);
    }

    private static string Remove(string text, List<(int Start, int Length)> removals)
    {
        if (removals.Count == 0)
        {
            return text;
        }

        removals.Sort((a, b) => b.Start.CompareTo(a.Start));
        var builder = new StringBuilder(text);
        foreach (var (start, length) in removals)
        {
            builder.Remove(start, length);
            // "hi @bot there" → "hi there", not "hi  there".
            if (start > 0 && start < builder.Length && char.IsWhiteSpace(builder[start - 1]) && char.IsWhiteSpace(builder[start]))
            {
                builder.Remove(start, 1);
            }
        }

        // "@bot, what is …" → "what is …"
        return builder.ToString().Trim().TrimStart(',', ':', ';').TrimStart();
    }
}
