namespace ChatHub.Conversation.Uploads;

/// <summary>The stored upload, or the reason it was not kept (a sentence for the person).</summary>
public sealed record UploadResult(StoredUpload? Upload, string? Refusal)
{
    public static UploadResult Stored(StoredUpload upload) => new(upload, null);

    public static UploadResult Refused(string refusal) => new(null, refusal);

    /// <summary>The refusal when <paramref name="kind"/>'s owner holds as many uploads as it may.</summary>
    public static UploadResult OwnerFull(UploadKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Refused($"You have sent {kind.PerOwner} {kind.Noun} in a short time. Please wait a few minutes, then send it again.");
    }

    /// <summary>The refusal when <paramref name="kind"/>'s store holds as many bytes as it may.</summary>
    public static UploadResult StoreFull(UploadKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return Refused($"I can't take more {kind.Noun} just now. Please try again in a few minutes.");
    }
}
