namespace ChatHub.Conversation.Pipeline;

public enum IngressOutcome
{
    /// <summary>Published to chat.inbound; a reply will follow.</summary>
    Accepted = 0,

    /// <summary>Seen before (platform redelivery, client retry); already being answered.</summary>
    Duplicate = 1,

    /// <summary>Not acceptable (empty, too long); <see cref="IngressResult.Reason"/> says why, for the person.</summary>
    Rejected = 2,

    /// <summary>Nothing to answer (an adapter's mapper said why: a service message, a chat the bot is not addressed in).</summary>
    Ignored = 3,

    /// <summary>The platform's payload lacks what its kind requires: nothing is published, the platform is told (a 400).</summary>
    Invalid = 4,
}

/// <summary>What happened to an inbound message at ingress (<see cref="IInboundPublisher"/>, and every adapter's ingress: one outcome type).</summary>
public readonly record struct IngressResult(IngressOutcome Outcome, string? Reason = null)
{
    public static IngressResult Accepted { get; } = new(IngressOutcome.Accepted);

    public static IngressResult Duplicate { get; } = new(IngressOutcome.Duplicate);

    public static IngressResult Rejected(string reason) => new(IngressOutcome.Rejected, reason);
}
