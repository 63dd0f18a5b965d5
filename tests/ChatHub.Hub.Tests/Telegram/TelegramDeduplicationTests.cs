using System.Collections.Concurrent;
using ChatHub.Conversation.Idempotency;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>
/// Issue 18: ingress checks one de-duplication key per delivery (the publisher's), not the adapter's and the
/// publisher's (four store round trips per message on Redis).
/// </summary>
public sealed class TelegramDeduplicationTests
{
    [Fact]
    public async Task Webhook_UpdateDeliveredTwice_OneKeyCheckedPerDeliveryAndMarkedOnce()
    {
        var store = new KeyRecordingStore();
        await using var hub = await TelegramHub.StartAsync(configure: b => b.Services.AddSingleton<IIdempotencyStore>(store));
        const long chat = 9100000401;
        var update = TelegramUpdates.Private(chat, 41, "What is ChatHub?");

        await hub.PostUpdateAsync(update);
        await hub.PostUpdateAsync(update);
        await hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.ReplyToMessageId == 41).DefaultTimeout();

        var checkedKeys = store.Checked.ToList();
        Assert.Equal(2, checkedKeys.Count); // one per delivery
        var key = Assert.Single(checkedKeys.Distinct());
        Assert.Single(store.Marked, k => k == key);
        Assert.Single(hub.Fake.CallsTo("sendMessage", chat), c => c.ReplyToMessageId == 41);
    }

    /// <summary>The in-memory store, recording the keys of ingress's accepted markers (checked, marked).</summary>
    private sealed class KeyRecordingStore : IIdempotencyStore
    {
        private readonly InMemoryIdempotencyStore _inner = new(TimeProvider.System);

        public ConcurrentQueue<string> Checked { get; } = new();

        public ConcurrentQueue<string> Marked { get; } = new();

        public ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken)
        {
            Checked.Enqueue(key);
            return _inner.IsDoneAsync(key, cancellationToken);
        }

        public ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
        {
            Marked.Enqueue(key);
            return _inner.MarkDoneAsync(key, retention, cancellationToken);
        }

        public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken) =>
            _inner.TryClaimAsync(key, ttl, cancellationToken);

        public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) => _inner.ReleaseAsync(key, cancellationToken);

        public ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
            _inner.TryAcquireLeaseAsync(key, owner, lease, cancellationToken);

        public ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) =>
            _inner.ReleaseLeaseAsync(key, owner, cancellationToken);
    }
}
