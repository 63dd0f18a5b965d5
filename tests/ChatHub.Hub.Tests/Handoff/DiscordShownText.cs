using System.Text.RegularExpressions;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>What Discord shows for a message the hub sent: its Markdown escapes (a backslash before a character) resolved.</summary>
internal static partial class DiscordShownText
{
    public static string Shown(this RestCall call) => Escaped().Replace(call.Content ?? "", "$1");

    public static string Shown(this FakeDiscordMessage message) => Escaped().Replace(message.Content, "$1");

    [GeneratedRegex(@"\\(.)", RegexOptions.Singleline)]
    private static partial Regex Escaped();
}
