using System.Globalization;
using System.Text.Json;
using ChatHub.Adapters.WebChat;
using ChatHub.Redis.Connection;
using ChatHub.Resp;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.WebChat;

/// <summary>
/// Web-chat transcripts on Redis, three keys per conversation: <c>webchat:seq:{id}</c> (INCR: the sequence),
/// <c>webchat:replies:{id}</c> (hash reply id → <c>{seq}|{json}</c>: the replies, and the index that makes appends
/// idempotent) and <c>webchat:order:{id}</c> (list of reply ids, oldest first, capped at
/// <see cref="WebChatOptions.TranscriptSize"/>). An append is one script. The replies expire
/// <see cref="WebChatOptions.TranscriptTtl"/> after the last one; the sequence lives
/// <see cref="RedisOptions.WebChatSequenceTtl"/>, so cursors never go backwards.
/// </summary>
public sealed class RedisWebChatTranscript : IWebChatTranscript
{
    private static readonly RespScript Append = new("""
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
        """);

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly WebChatOptions _options;
    private readonly long _sequenceTtl;

    public RedisWebChatTranscript(RedisConnection redis, RedisKeyspace keys, IOptions<WebChatOptions> options, IOptions<RedisOptions> redisOptions)
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
        var stored = await _redis.Client.EvalAsync(
            Append,
            [Sequence(conversationId), Replies(conversationId), Order(conversationId)],
            [reply.Id, json, _options.TranscriptSize, Milliseconds(_options.TranscriptTtl), _sequenceTtl],
            cancellationToken);
        return Decode(stored.AsString()!);
    }

    public async ValueTask<IReadOnlyList<WebChatReply>> GetAfterAsync(string conversationId, long afterSeq, CancellationToken cancellationToken)
    {
        var entries = await _redis.Client.HashGetAllAsync(Replies(conversationId), cancellationToken);
        var replies = new List<WebChatReply>(entries.Count);
        foreach (var entry in entries.Values)
        {
            var reply = Decode(entry);
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
        var results = await _redis.Client.ExecuteTransactionAsync(
            [
                new RespCommand("HLEN", [replies]),
                new RespCommand("DEL", [replies, Order(conversationId), Sequence(conversationId)]),
            ],
            cancellationToken);
        return (int)results[0].AsInt64();
    }

    public async ValueTask<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken) =>
        await _redis.Client.GetAsync(Sequence(conversationId), cancellationToken) is { } text
            ? long.Parse(text, CultureInfo.InvariantCulture)
            : 0;

    private string Sequence(string conversationId) => _keys.Key("webchat:seq", conversationId);

    private string Replies(string conversationId) => _keys.Key("webchat:replies", conversationId);

    private string Order(string conversationId) => _keys.Key("webchat:order", conversationId);

    private static WebChatReply Decode(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        var reply = JsonSerializer.Deserialize(entry.AsSpan(bar + 1), RedisJsonContext.Default.WebChatReply)!;
        return reply with { Seq = long.Parse(entry.AsSpan(0, bar), CultureInfo.InvariantCulture) };
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);
}
