using System.Collections.Concurrent;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>The offset in process memory: survives a poller restart within the process, not a process restart.</summary>
public sealed class InMemoryTelegramOffsetStore : ITelegramOffsetStore
{
    private readonly ConcurrentDictionary<long, long> _offsets = new();

    public ValueTask<long?> GetAsync(long botId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_offsets.TryGetValue(botId, out var offset) ? offset : (long?)null);

    public ValueTask SetAsync(long botId, long nextOffset, CancellationToken cancellationToken)
    {
        _offsets.AddOrUpdate(botId, nextOffset, (_, current) => Math.Max(current, nextOffset));
        return ValueTask.CompletedTask;
    }
}
