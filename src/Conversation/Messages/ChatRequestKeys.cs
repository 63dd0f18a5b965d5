namespace ChatHub.Conversation.Messages;

/// <summary>
/// Who is asking, as the worker tells the answer engine in <c>ChatOptions.AdditionalProperties</c>: the same strings as
/// ChatHub.Inference's ChatHubRequestProperties (the model stage reads them for its prompt and tools).
/// </summary>
public static class ChatRequestKeys
{
    public const string Person = "chathub.person";
    public const string Platform = "chathub.platform";
    public const string DisplayName = "chathub.displayName";
    public const string Locale = "chathub.locale";
    public const string Conversation = "chathub.conversation";

    /// <summary>The person's remembered facts (an <c>IReadOnlyList&lt;string&gt;</c>), present only where memory is used.</summary>
    public const string Memories = "chathub.memories";

    /// <summary>The summary of the person's earlier turns (the ones no longer in the session), when there is one.</summary>
    public const string Summary = "chathub.summary";
}
