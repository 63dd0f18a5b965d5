using System.Collections.Concurrent;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// Groups upgraded to supergroups (<c>migrate_to_chat_id</c>): sends to the old id go to the new one. In process;
/// new inbound messages already carry the new id, so only replies in flight and proactive sends need it.
/// </summary>
internal sealed class TelegramChatMigrations
{
    private const int MaxHops = 8;
    private readonly ConcurrentDictionary<long, long> _moved = new();

    public long Resolve(long chatId)
    {
        var id = chatId;
        for (var hop = 0; hop < MaxHops && _moved.TryGetValue(id, out var next); hop++)
        {
            id = next;
        }

        return id;
    }

    public void Record(long from, long to)
    {
        if (from != to)
        {
            _moved[from] = to;
        }
    }
}
