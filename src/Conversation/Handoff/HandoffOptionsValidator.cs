using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Handoff;

/// <summary>
/// Checks <see cref="HandoffOptions"/> at start: a chat channel with its chat id (or neither), the admin API without
/// one, a known channel, a service URL only for Teams, a positive expiry.
/// </summary>
public sealed class HandoffOptionsValidator : IValidateOptions<HandoffOptions>
{
    private static readonly string[] Channels = [ChannelNames.Telegram, ChannelNames.Discord, ChannelNames.Teams, HandoffOperatorOptions.AdminChannel];

    public ValidateOptionsResult Validate(string? name, HandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var chat = options.Operator;
        if (chat.IsAdminApi)
        {
            if (!string.IsNullOrWhiteSpace(chat.ChatId) || !string.IsNullOrWhiteSpace(chat.ThreadId))
            {
                failures.Add("Handoff:Operator:ChatId and ThreadId are not used when Handoff:Operator:Channel is admin: leave them out.");
            }
        }
        else if (string.IsNullOrWhiteSpace(chat.Channel) != string.IsNullOrWhiteSpace(chat.ChatId))
        {
            failures.Add("Handoff:Operator:Channel and Handoff:Operator:ChatId go together: set both (to enable hand-off) or neither.");
        }

        if (!string.IsNullOrWhiteSpace(chat.Channel) && !Channels.Contains(chat.Channel, StringComparer.Ordinal))
        {
            failures.Add($"Handoff:Operator:Channel must be one of {string.Join(", ", Channels)}.");
        }

        if (!string.IsNullOrWhiteSpace(chat.ServiceUrl) && chat.Channel != ChannelNames.Teams)
        {
            failures.Add("Handoff:Operator:ServiceUrl is for a Teams operators' channel only.");
        }

        if (options.Expiry <= TimeSpan.Zero)
        {
            failures.Add("Handoff:Expiry must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
