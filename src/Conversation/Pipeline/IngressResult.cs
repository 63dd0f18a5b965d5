namespace ChatHub.Conversation.Pipeline;

public enum IngressOutcome
{
    /// <summary>Published to chat.inbound; a reply will follow.</summary>
    Accepted = 0,

    /// <summary>Seen before (platform redelivery, client retry); already being answered.</summary>
    Duplicate = 1,

    /// <summary>Not acceptable (empty, too long); <see cref="IngressResult.Reason"/> says why, for the person.</summary>
    Rejected = 2,
}

/// <summary>What happened to an inbound message at ingress.</summary>
public readonly record struct IngressResult(IngressOutcome Outcome, string? Reason = null)
{
    public static IngressResult Accepted { get; } = new(IngressOutcome.Accepted);

    public static IngressResult Duplicate { get; } = new(IngressOutcome.Duplicate);

    public static IngressResult Rejected(string reason) => new(IngressOutcome.Rejected, reason);
}
