using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Messages;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>An open hand-off is in the file: the hub restarted on it still has it, until its expiry.</summary>
public sealed class SqliteHandoffRestartTests : IDisposable
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);
    private readonly TemporaryFolder _folder = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    private SqliteDatabase Open() => new(_folder.Path, StorageDurability.Full, 512, _time, NullLogger<SqliteDatabase>.Instance);

    [Fact]
    public async Task Reopened_OpenHandoffStillThere_EndsOnce_ExpiresOnTime()
    {
        var ticket = new HandoffTicket("ABCDE", "u_person", new ConversationRef("telegram", "bot", "42", "7"), _time.GetUtcNow());
        using (var before = Open())
        {
            Assert.True(await new SqliteHandoffStore(before).TryStartAsync(ticket, Expiry, CancellationToken.None).DefaultTimeout());
        }

        using (var after = Open())
        {
            var store = new SqliteHandoffStore(after);
            Assert.Equal(ticket, await store.GetAsync("ABCDE", CancellationToken.None).DefaultTimeout());
            Assert.Equal(ticket, await store.GetByPersonAsync("u_person", CancellationToken.None).DefaultTimeout());
            Assert.False(await store.TryStartAsync(ticket with { Id = "FGHJK" }, Expiry, CancellationToken.None).DefaultTimeout());
        }

        _time.Advance(Expiry);
        using (var later = Open())
        {
            var store = new SqliteHandoffStore(later);
            Assert.Null(await store.GetByPersonAsync("u_person", CancellationToken.None).DefaultTimeout());
            Assert.False(await store.TryEndAsync(ticket, CancellationToken.None).DefaultTimeout());
        }
    }
}
