using ChatHub.Adapters.Telegram.Egress;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// Splits a reply into messages of at most <see cref="MaxLength"/> characters (Discord's content limit; UTF-16
/// units, which never count more than Discord does). The cutting rules (paragraph, line, sentence, space, then
/// grapheme cluster; stable for a growing text) are the platform-neutral ones of <see cref="TelegramTextSplitter"/>,
/// reused rather than copied.
/// </summary>
internal static class DiscordTextSplitter
{
    public const int MaxLength = 2000;

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength) => TelegramTextSplitter.Split(text, maxLength);
}
