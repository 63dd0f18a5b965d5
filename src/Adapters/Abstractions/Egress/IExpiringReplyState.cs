namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>Delivery state of one reply that a <see cref="ReplyTracker{TState}"/> drops once <see cref="ExpiresAt"/> has passed.</summary>
internal interface IExpiringReplyState
{
    DateTimeOffset ExpiresAt { get; set; }
}
