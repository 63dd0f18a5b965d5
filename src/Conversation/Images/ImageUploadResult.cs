namespace ChatHub.Conversation.Images;

/// <summary>The stored upload, or the reason it was not kept (a sentence for the person).</summary>
public sealed record ImageUploadResult(StoredImage? Image, string? Refusal)
{
    public static ImageUploadResult Stored(StoredImage image) => new(image, null);

    public static ImageUploadResult Refused(string refusal) => new(null, refusal);
}
