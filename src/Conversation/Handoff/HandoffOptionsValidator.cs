using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Handoff;

/// <summary>Checks <see cref="HandoffOptions"/> at start: both operator settings or neither, a known channel, a positive expiry.</summary>
public sealed class HandoffOptionsValidator : IValidateOptions<HandoffOptions>
{
    private static readonly string[] Channels = [ChannelNames.Telegram, ChannelNames.Discord, ChannelNames.Teams];

    public ValidateOptionsResult Validate(string? name, HandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var channel = options.Operator.Channel;
        var chatId = options.Operator.ChatId;
        if (string.IsNullOrWhiteSpace(channel) != string.IsNullOrWhiteSpace(chatId))
        {
            failures.Add("Handoff:Operator:Channel and Handoff:Operator:ChatId go together: set both (to enable hand-off) or neither.");
        }

        if (!string.IsNullOrWhiteSpace(channel) && !Channels.Contains(channel, StringComparer.Ordinal))
        {
            failures.Add($"Handoff:Operator:Channel must be one of {string.Join(", ", Channels)}.");
        }

        if (options.Expiry <= TimeSpan.Zero)
        {
            failures.Add("Handoff:Expiry must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
