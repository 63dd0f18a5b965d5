using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Voice;

/// <summary><c>Voice:ReplyChannels</c> names only channels that can play a spoken reply.</summary>
internal sealed class VoiceOptionsValidator : IValidateOptions<VoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, VoiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unsupported = (options.ReplyChannels ?? []).Where(channel => !VoiceOptions.SpeakingChannels.Contains(channel, StringComparer.Ordinal)).ToList();
        return unsupported.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{VoiceOptions.SectionName}:ReplyChannels names channels that cannot play spoken replies: {string.Join(", ", unsupported)}. " +
                $"Spoken replies go to {string.Join(" and ", VoiceOptions.SpeakingChannels.Select(ChannelNames.Display))} ({string.Join(", ", VoiceOptions.SpeakingChannels)}).");
    }
}
