using System.Collections.Concurrent;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Routing;

public sealed class InMemoryRoutingTable : IRoutingTable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, RouteEntry>> _routes = new(StringComparer.Ordinal);
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryRoutingTable(IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention.Value;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    public ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

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

    public ValueTask RemoveChannelAsync(string hubUserId, string channel, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(hubUserId, out var perChannel))
        {
            perChannel.TryRemove(channel, out _);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken)
    {
        _routes.TryRemove(hubUserId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        IReadOnlyList<RouteEntry> result = _routes.TryGetValue(hubUserId, out var perChannel)
            ? [.. perChannel.Values.Where(r => IsLive(r, now)).OrderByDescending(r => r.LastActiveAt)]
            : [];
        return ValueTask.FromResult(result);
    }

    public ValueTask<RoutePage> ListChannelAsync(string channel, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var now = _time.GetUtcNow();
        var page = _routes
            .Where(u => cursor is null || string.CompareOrdinal(u.Key, cursor) > 0)
            .Select(u => (HubUserId: u.Key, Route: u.Value.TryGetValue(channel, out var route) && IsLive(route, now) ? route : null))
            .Where(u => u.Route is not null)
            .OrderBy(u => u.HubUserId, StringComparer.Ordinal)
            .Take(limit)
            .Select(u => (u.HubUserId, u.Route!))
            .ToList();
        return ValueTask.FromResult(new RoutePage(page, page.Count < limit ? null : page[^1].HubUserId));
    }

    private bool IsLive(RouteEntry route, DateTimeOffset now) =>
        route.LastActiveAt + _retention.IdentityLifetime(route.Conversation.Channel) > now;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (hubUserId, perChannel) in _routes)
        {
            foreach (var (channel, route) in perChannel)
            {
                if (!IsLive(route, now))
                {
                    perChannel.TryRemove(new KeyValuePair<string, RouteEntry>(channel, route));
                }
            }

            // A route recorded for this user between the check and the removal is lost; its next message records it again.
            if (perChannel.IsEmpty)
            {
                _routes.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, RouteEntry>>(hubUserId, perChannel));
            }
        }
    }
}
