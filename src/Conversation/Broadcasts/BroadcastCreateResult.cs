namespace ChatHub.Conversation.Broadcasts;

/// <summary>The outcome of <see cref="BroadcastService.CreateAsync"/>: the broadcast (new, or the one with the same key), or why not.</summary>
public sealed record BroadcastCreateResult(Broadcast? Broadcast, bool Created, string? Error)
{
    public static BroadcastCreateResult Invalid(string error) => new(null, false, error);
}
