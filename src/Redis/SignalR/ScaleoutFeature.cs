using ChatHub.Resp.PubSub;

namespace ChatHub.Redis.SignalR;

/// <summary>What the backplane keeps per local connection (in its feature collection): its groups and its subscription.</summary>
internal sealed class ScaleoutFeature
{
    /// <summary>The groups the connection is in; lock on the set itself.</summary>
    public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>The connection's own channel, for messages addressed to it from other nodes.</summary>
    public RespSubscription? Subscription { get; set; }
}
