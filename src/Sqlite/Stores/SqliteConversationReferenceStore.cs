using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Conversation references in table <c>conversation_refs</c> (conversation key → the adapter's value, expiry): a row
/// past its expiry reads as absent, and the expiry sweep deletes it.
/// </summary>
public sealed class SqliteConversationReferenceStore : IConversationReferenceStore
{
    private readonly SqliteDatabase _db;

    public SqliteConversationReferenceStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask SetAsync(ConversationRef conversation, string reference, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        await _db.WriteAsync(s => s.Execute("""
            INSERT INTO conversation_refs (conversation, reference, expires_at) VALUES ($p0, $p1, $p2)
            ON CONFLICT DO UPDATE SET reference = excluded.reference, expires_at = excluded.expires_at
            """, conversation.Key, reference, _db.Now + lifetime.Ticks));
    }

    public ValueTask<string?> GetAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return ValueTask.FromResult(_db.Read(s => s.Text(
            "SELECT reference FROM conversation_refs WHERE conversation = $p0 AND expires_at > $p1", conversation.Key, _db.Now)));
    }

    public async ValueTask<bool> RemoveAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return await _db.WriteAsync(s =>
        {
            var live = s.Int64("SELECT 1 FROM conversation_refs WHERE conversation = $p0 AND expires_at > $p1", conversation.Key, _db.Now) is not null;
            s.Execute("DELETE FROM conversation_refs WHERE conversation = $p0", conversation.Key);
            return live;
        });
    }
}
