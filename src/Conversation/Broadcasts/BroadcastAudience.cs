namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Who gets a broadcast: exactly one of a list of hub users (each on their most recent route), everyone known on one
/// or more channels (each person once, on the first listed channel they have a route on), or everyone who opted in
/// (<c>/start</c>; each on their most recent route).
/// </summary>
public sealed record BroadcastAudience(IReadOnlyList<string>? People = null, IReadOnlyList<string>? Channels = null, bool OptedIn = false)
{
    /// <summary>A short description without ids (for logs, the audit log and the admin API).</summary>
    public string Describe() =>
        People is { } people ? $"{people.Count} people"
        : Channels is { } channels ? $"everyone on {string.Join(", ", channels)}"
        : "everyone opted in";
}
