namespace ChatHub.Conversation.Bus;

/// <summary>
/// What a consumer handler made of a message, as a value: handled (its effects happened, or it was dead-lettered), or to
/// be tried again later because something it needs is briefly unavailable (<see cref="RetryReason"/>: a platform that
/// answered with a transient failure). <see cref="RetryingHandler"/> retries the latter within the policy's transient
/// budget, as it does for a failure that <see cref="TransientFailures"/> recognises.
/// </summary>
public readonly record struct HandlerResult(string? RetryReason)
{
    public static HandlerResult Handled => default;

    public static HandlerResult RetryLater(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(reason);
    }

    public bool IsHandled => RetryReason is null;
}
