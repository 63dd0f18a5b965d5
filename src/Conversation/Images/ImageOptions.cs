using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Images;

/// <summary>Images people send (<c>Images</c>): limits on what is fetched and how long an upload is kept.</summary>
public sealed class ImageOptions
{
    public const string SectionName = "Images";

    /// <summary>The largest image fetched or accepted, in bytes (default 10 MB). A larger one is refused with the reason.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most images of one message that reach the model; the rest are left out, with a word to the person.</summary>
    [Range(1, 16)]
    public int MaxPerMessage { get; set; } = 4;

    /// <summary>How long one download may take (the platform's file API and the transfer together).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a web-chat upload is kept for the message that refers to it (then it is gone).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan UploadTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The most bytes all web-chat uploads of this node may hold at once; a new upload past it is refused.</summary>
    [Range(1024 * 1024, 16L * 1024 * 1024 * 1024)]
    public long UploadStoreMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most uploads one conversation may hold at once.</summary>
    [Range(1, 100)]
    public int UploadsPerConversation { get; set; } = 5;
}
