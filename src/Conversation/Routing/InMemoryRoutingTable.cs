using System.Collections.Concurrent;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Routing;

public sealed class InMemoryRoutingTable : IRoutingTable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, RouteEntry>> _routes = new(StringComparer.Ordinal);

    public ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var perChannel = _routes.GetOrAdd(hubUserId, static _ => new(StringComparer.Ordinal));
        perChannel.AddOrUpdate(
            conversation.Channel,
            static (_, arg) => new RouteEntry(arg.conversation, arg.at),
            static (_, existing, arg) => existing.LastActiveAt > arg.at ? existing : new RouteEntry(arg.conversation, arg.at),
            (conversation, at));
        return ValueTask.CompletedTask;
    }

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId || !_routes.TryRemove(fromHubUserId, out var moving))
        {
            return;
        }

        foreach (var route in moving.Values)
        {
            await RecordAsync(intoHubUserId, route.Conversation, route.LastActiveAt, cancellationToken);
        }
    }

    public ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken)
    {
        _routes.TryRemove(hubUserId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RouteEntry> result = _routes.TryGetValue(hubUserId, out var perChannel)
            ? [.. perChannel.Values.OrderByDescending(r => r.LastActiveAt)]
            : [];
        return ValueTask.FromResult(result);
    }
}
