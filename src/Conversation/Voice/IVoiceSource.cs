using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// Fetches one platform's voice messages with that platform's own credentials (an adapter implements it; one per
/// channel, registered with <c>TryAddEnumerable</c>), from the platform's own hosts only, like <see cref="IImageSource"/>.
/// </summary>
public interface IVoiceSource
{
    /// <summary>The channel (<see cref="ChannelNames"/>) whose voice messages this source fetches.</summary>
    string Channel { get; }

    /// <summary>
    /// Opens the audio's bytes (the caller reads at most its limit and disposes the stream), or says why not in a
    /// sentence for the person. The result is the same platform-file download the image sources return.
    /// </summary>
    ValueTask<ImageDownload> OpenAsync(InboundMessage message, VoiceAttachment voice, CancellationToken cancellationToken);
}
