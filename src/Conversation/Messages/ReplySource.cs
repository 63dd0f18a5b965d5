namespace ChatHub.Conversation.Messages;

/// <summary>Which engine produced a reply. Same strings as ChatHub.Inference's ReplySources.</summary>
public static class ReplySource
{
    public const string Cache = "cache";
    public const string Knowledge = "knowledge";
    public const string Model = "model";
    public const string System = "system";

    /// <summary>The key under which inference clients put the source in a response's AdditionalProperties.</summary>
    public const string PropertyKey = "chathub.source";

    /// <summary>The key that marks a streaming update as a notice to the person, not reply text (ChatHub.Inference's ChatHubResponseProperties.NoticeKey).</summary>
    public const string NoticeKey = "chathub.notice";

    /// <summary>
    /// The key under which the model stage asks for a human (its <c>handoff</c> tool; the value is its reason; ChatHub.Inference's
    /// ChatHubResponseProperties.HandoffKey).
    /// </summary>
    public const string HandoffKey = "chathub.handoff";

    /// <summary>
    /// In a <c>UsageDetails.AdditionalCounts</c> of a model call's <c>UsageContent</c>: the calls it stands for (ChatHub.Inference's
    /// ChatHubResponseProperties.ModelCallsCount); absent, a usage report counts as one call.
    /// </summary>
    public const string ModelCallsCount = "chathub.model_calls";

    /// <summary>In the same place: the milliseconds the call took (ChatHubResponseProperties.ModelMillisecondsCount).</summary>
    public const string ModelMillisecondsCount = "chathub.model_ms";

    /// <summary>
    /// The model was not asked because the person's budget is used up: the value names the period (ChatHub.Inference's
    /// ChatHubResponseProperties.BudgetKey). The update's text is the notice, or empty when the person was told already.
    /// </summary>
    public const string BudgetKey = "chathub.budget";
}
