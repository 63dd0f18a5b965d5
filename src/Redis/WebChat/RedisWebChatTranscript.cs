using System.Globalization;
using System.Text.Json;
using ChatHub.Conversation.WebChat;
using ChatHub.Redis.Connection;
using StackExchange.Redis;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.WebChat;

/// <summary>
/// Web-chat transcripts on Redis, three keys per conversation: <c>webchat:seq:{id}</c> (INCR: the sequence),
/// <c>webchat:replies:{id}</c> (hash reply id → <c>{seq}|{json}</c>: the replies, and the index that makes appends
/// idempotent) and <c>webchat:order:{id}</c> (list of reply ids, oldest first, capped at
/// <see cref="WebChatTranscriptOptions.TranscriptSize"/>). An append is one script. The replies expire
/// <see cref="WebChatTranscriptOptions.TranscriptTtl"/> after the last one; the sequence lives
/// <see cref="RedisOptions.WebChatSequenceTtl"/>, so cursors never go backwards.
/// </summary>
public sealed class RedisWebChatTranscript : IWebChatTranscript
{
    private const string Append = """
        local existing = redis.call('HGET', KEYS[2], ARGV[1])
        if existing then return existing end
        local seq = redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        local entry = seq .. '|' .. ARGV[2]
        redis.call('HSET', KEYS[2], ARGV[1], entry)
        redis.call('RPUSH', KEYS[3], ARGV[1])
        local cap = tonumber(ARGV[3])
        while redis.call('LLEN', KEYS[3]) > cap do
          redis.call('HDEL', KEYS[2], redis.call('LPOP', KEYS[3]))
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[3], ARGV[4])
        return entry
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly WebChatTranscriptOptions _options;
    private readonly long _sequenceTtl;

    public RedisWebChatTranscript(RedisConnection redis, RedisKeyspace keys, IOptions<WebChatTranscriptOptions> options, IOptions<RedisOptions> redisOptions)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(redisOptions);
        _redis = redis;
        _keys = keys;
        _options = options.Value;
        _sequenceTtl = Milliseconds(redisOptions.Value.WebChatSequenceTtl > _options.TranscriptTtl
            ? redisOptions.Value.WebChatSequenceTtl
            : _options.TranscriptTtl);
    }

    public async ValueTask<WebChatReply> AppendAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var json = JsonSerializer.Serialize(reply with { Seq = 0 }, RedisJsonContext.Default.WebChatReply);
        var stored = await _redis.Database.ScriptEvaluateAsync(
            Append,
            [Sequence(conversationId), Replies(conversationId), Order(conversationId)],
            [reply.Id, json, _options.TranscriptSize, Milliseconds(_options.TranscriptTtl), _sequenceTtl]).WaitAsync(cancellationToken);
        return Decode(stored.ToString());
    }

    public async ValueTask<IReadOnlyList<WebChatReply>> GetAfterAsync(string conversationId, long afterSeq, CancellationToken cancellationToken)
    {
        var entries = await _redis.Database.HashValuesAsync(Replies(conversationId)).WaitAsync(cancellationToken);
        var replies = new List<WebChatReply>(entries.Length);
        foreach (var entry in entries)
        {
            var reply = Decode(entry.ToString());
            if (reply.Seq > afterSeq)
            {
                replies.Add(reply);
            }
        }

        replies.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        return replies;
    }

    public async ValueTask<int> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        var replies = Replies(conversationId);
        var transaction = _redis.Database.CreateTransaction();
        var count = transaction.HashLengthAsync(replies);
        var deleted = transaction.KeyDeleteAsync([replies, Order(conversationId), Sequence(conversationId)]);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);
        await deleted.WaitAsync(cancellationToken);
        return (int)await count.WaitAsync(cancellationToken);
    }

    public async ValueTask<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken)
    {
        var value = await _redis.Database.StringGetAsync(Sequence(conversationId)).WaitAsync(cancellationToken);
        return value.IsNull ? 0 : long.Parse(value.ToString(), CultureInfo.InvariantCulture);
    }

    private RedisKey Sequence(string conversationId) => _keys.Key("webchat:seq", conversationId);

    private RedisKey Replies(string conversationId) => _keys.Key("webchat:replies", conversationId);

    private RedisKey Order(string conversationId) => _keys.Key("webchat:order", conversationId);

    private static WebChatReply Decode(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        var reply = JsonSerializer.Deserialize(entry.AsSpan(bar + 1), RedisJsonContext.Default.WebChatReply)!;
        return reply with { Seq = long.Parse(entry.AsSpan(0, bar), CultureInfo.InvariantCulture) };
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);
}
