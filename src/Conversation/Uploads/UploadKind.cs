using System.Security.Cryptography;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Uploads;

/// <summary>
/// One kind of upload: its service key (<see cref="Key"/>, also the store's area on Redis), the prefix of its ids, what
/// people call it in a refusal, how long one is kept, how many one conversation may hold and how many bytes all of them.
/// </summary>
public sealed record UploadKind(string Key, string IdPrefix, string Noun, TimeSpan Ttl, int PerOwner, long MaxBytes)
{
    /// <summary>The key of the pictures' store (<see cref="ImageOptions"/>: <c>Images:Upload*</c>).</summary>
    public const string Images = "images";

    /// <summary>The key of the voice messages' store (<see cref="VoiceOptions"/>: <c>Voice:Upload*</c>).</summary>
    public const string Voice = "voice";

    /// <summary>Every kind's key.</summary>
    public static IReadOnlyList<string> Keys { get; } = [Images, Voice];

    public static UploadKind ForImages(ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Images, "img_", "pictures", options.UploadTtl, options.UploadsPerConversation, options.UploadStoreMaxBytes);
    }

    public static UploadKind ForVoice(VoiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Voice, "vm_", "voice messages", options.UploadTtl, options.UploadsPerConversation, options.UploadStoreMaxBytes);
    }

    /// <summary>The kind <paramref name="key"/> names, with its bounds from the options.</summary>
    public static UploadKind Resolve(IServiceProvider services, string key)
    {
        ArgumentNullException.ThrowIfNull(services);
        return key switch
        {
            Images => ForImages(services.GetRequiredService<IOptions<ImageOptions>>().Value),
            Voice => ForVoice(services.GetRequiredService<IOptions<VoiceOptions>>().Value),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not an upload kind."),
        };
    }

    /// <summary>A new id: the prefix and 128 random bits.</summary>
    public string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
