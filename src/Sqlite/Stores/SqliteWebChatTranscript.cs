using System.Text.Json;
using ChatHub.Conversation.WebChat;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Web-chat transcripts in tables <c>webchat_conversations</c> (last <c>seq</c>, when the replies expire, when the
/// sequence expires) and <c>webchat_replies</c> (one row per reply, unique per reply id). An append is one write:
/// idempotent by reply id, numbered by the conversation's sequence, capped at <see cref="WebChatTranscriptOptions.TranscriptSize"/>.
/// Replies expire <see cref="WebChatTranscriptOptions.TranscriptTtl"/> after the last one; the sequence lives on for
/// <see cref="SequenceRetention"/> (as on Redis), so a returning widget's cursor never goes backwards.
/// </summary>
public sealed class SqliteWebChatTranscript : IWebChatTranscript
{
    /// <summary>How long a conversation's sequence outlives its last reply (at least the transcript's TTL).</summary>
    public static readonly TimeSpan SequenceRetention = TimeSpan.FromDays(30);

    private readonly SqliteDatabase _db;
    private readonly WebChatTranscriptOptions _options;
    private readonly long _sequenceTtl;

    public SqliteWebChatTranscript(SqliteDatabase database, IOptions<WebChatTranscriptOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _options = options.Value;
        _sequenceTtl = Math.Max(SequenceRetention.Ticks, _options.TranscriptTtl.Ticks);
    }

    public async ValueTask<WebChatReply> AppendAsync(string conversationId, WebChatReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var json = JsonSerializer.Serialize(reply with { Seq = 0 }, SqliteJsonContext.Default.WebChatReply);
        return await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            var (last, repliesExpire, sequenceExpires) = s.Single(
                "SELECT last_seq, replies_expire_at, seq_expires_at FROM webchat_conversations WHERE conversation = $p0",
                r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)), (0L, long.MaxValue, long.MaxValue), conversationId);
            if (sequenceExpires <= now)
            {
                last = 0;
            }

            if (repliesExpire <= now)
            {
                s.Execute("DELETE FROM webchat_replies WHERE conversation = $p0", conversationId);
            }
            else if (s.Single<WebChatReply?>("SELECT seq, reply FROM webchat_replies WHERE conversation = $p0 AND reply_id = $p1",
                         r => Decode(r.GetInt64(0), r.GetString(1)), null, conversationId, reply.Id) is { } existing)
            {
                return existing; // a retried append
            }

            var seq = last + 1;
            s.Execute("INSERT INTO webchat_replies (conversation, seq, reply_id, reply) VALUES ($p0, $p1, $p2, $p3)", conversationId, seq, reply.Id, json);
            s.Execute("DELETE FROM webchat_replies WHERE conversation = $p0 AND seq <= $p1", conversationId, seq - _options.TranscriptSize);
            s.Execute("""
                INSERT INTO webchat_conversations (conversation, last_seq, replies_expire_at, seq_expires_at) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT DO UPDATE SET last_seq = excluded.last_seq, replies_expire_at = excluded.replies_expire_at, seq_expires_at = excluded.seq_expires_at
                """, conversationId, seq, now + _options.TranscriptTtl.Ticks, now + _sequenceTtl);
            return reply with { Seq = seq };
        });
    }

    public ValueTask<IReadOnlyList<WebChatReply>> GetAfterAsync(string conversationId, long afterSeq, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<WebChatReply>>(_db.Read(s => s.Query(
            """
            SELECT r.seq, r.reply FROM webchat_replies r JOIN webchat_conversations c ON c.conversation = r.conversation
            WHERE r.conversation = $p0 AND r.seq > $p1 AND c.replies_expire_at > $p2 ORDER BY r.seq
            """,
            r => Decode(r.GetInt64(0), r.GetString(1)), conversationId, afterSeq, _db.Now)));

    public async ValueTask<int> RemoveAsync(string conversationId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
        {
            var live = (int)s.Int64("""
                SELECT COUNT(*) FROM webchat_replies r JOIN webchat_conversations c ON c.conversation = r.conversation
                WHERE r.conversation = $p0 AND c.replies_expire_at > $p1
                """, conversationId, _db.Now)!.Value;
            s.Execute("DELETE FROM webchat_replies WHERE conversation = $p0", conversationId);
            s.Execute("DELETE FROM webchat_conversations WHERE conversation = $p0", conversationId);
            return live;
        });

    public ValueTask<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_db.Read(s =>
            s.Int64("SELECT last_seq FROM webchat_conversations WHERE conversation = $p0 AND seq_expires_at > $p1", conversationId, _db.Now) ?? 0));

    private static WebChatReply Decode(long seq, string json) =>
        JsonSerializer.Deserialize(json, SqliteJsonContext.Default.WebChatReply)! with { Seq = seq };
}
