using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Images;

/// <summary>
/// Fetches one platform's images with that platform's own credentials (an adapter implements it; one per channel,
/// registered with <c>TryAddEnumerable</c>). It only ever contacts the platform's own hosts: an address from a payload
/// that points elsewhere is refused, never fetched.
/// </summary>
public interface IImageSource
{
    /// <summary>The channel (<see cref="ChannelNames"/>) whose images this source fetches.</summary>
    string Channel { get; }

    /// <summary>
    /// Opens the image's bytes (the caller reads at most its limit and disposes the stream), or says why not in a
    /// sentence for the person (<see cref="ImageDownload.Refused"/>).
    /// </summary>
    ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken);
}
