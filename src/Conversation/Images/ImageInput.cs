using Microsoft.Extensions.AI;

namespace ChatHub.Conversation.Images;

/// <summary>
/// The images of one message as the worker hands them to the model: image parts (the fetched bytes, kept only for
/// this call), and a sentence for the person about those that could not go (null when all went).
/// </summary>
public sealed record ImageInput(IReadOnlyList<AIContent> Parts, string? Notice)
{
    public static ImageInput None { get; } = new([], null);
}
