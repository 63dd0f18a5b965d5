namespace ChatHub.Conversation.Images;

/// <summary>
/// Whether the answer engine's model can look at images. The worker sends images as image parts only when it can;
/// otherwise the person is told politely, and any text of the message is still answered. The hub decides from the
/// configured backend (<c>Inference:OpenAI:Vision</c>); the default is no.
/// </summary>
public interface IModelImageSupport
{
    bool AcceptsImages { get; }
}
