namespace ChatHub.Conversation.Images;

/// <summary>The default: the model cannot look at images.</summary>
public sealed class NoModelImageSupport : IModelImageSupport
{
    public bool AcceptsImages => false;
}
