using System.Text.Json;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using Microsoft.Extensions.Logging;

namespace ChatHub.Sqlite.Bus;

/// <summary>
/// The in-process bus behind a durable inbox (docs/decisions/006): a publish completes only once the message is a row
/// of <c>bus_messages</c> in a committed batch (group commit), then goes through the <see cref="InProcessMessageBus"/>
/// as always; the row is deleted once its handler returned (done, or dead-lettered). After a restart every row still
/// there is published again, per topic in publish order and before any new message of that topic, and the handlers'
/// processing ledger skips what was finished. Typing indicators, partial replies and notices are not kept (best effort
/// anyway; the final reply carries the whole text).
/// </summary>
public sealed partial class DurableMessageBus : IAcceptingMessageBus, IDisposable
{
    private const int ReplayChunk = 1000;

    private readonly InProcessMessageBus _inner;
    private readonly SqliteDatabase _db;
    private readonly BusPayloadSerializer _serializer;
    private readonly ILogger<DurableMessageBus> _logger;
    private readonly Dictionary<string, object> _topics = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// <paramref name="idempotency"/>: the registered idempotency store; when it is <see cref="SqliteIdempotencyStore"/>
    /// on <paramref name="database"/>, inbound deliveries' accept markers are written with their rows
    /// (<see cref="IAcceptingMessageBus"/>).
    /// </summary>
    public DurableMessageBus(
        InProcessMessageBus inner, SqliteDatabase database, BusPayloadSerializer serializer, ILogger<DurableMessageBus> logger,
        IIdempotencyStore? idempotency = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        AcceptsAtomically = idempotency is SqliteIdempotencyStore store && ReferenceEquals(store.Database, database);
    }

    /// <summary>Whether a message is kept until handled: everything but typing indicators, partial replies and notices.</summary>
    public static bool IsDurable<T>(T value) => value is not OutboundMessage { Kind: not OutboundKind.Final };

    /// <summary>
    /// Whether accept markers go with the inbound rows: the registered idempotency store is this file's
    /// (<see cref="SqliteIdempotencyStore"/> on the same database), not Redis's.
    /// </summary>
    public bool AcceptsAtomically { get; }

    public async ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken) =>
        await PublishAsync(topic, key, value, accept: null, cancellationToken);

    /// <summary>
    /// One write: the accept marker (an upsert that changes nothing when a live done marker is there: a duplicate, and
    /// then no row either) and the message's row; the caller hears back after the fsync, as for any inbound publish.
    /// </summary>
    public async ValueTask<bool> PublishAcceptedAsync<T>(
        BusTopic<T> topic, string key, T value, string acceptKey, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acceptKey);
        if (!AcceptsAtomically)
        {
            throw new InvalidOperationException("The idempotency store is not in the inbox's file; publish, then mark the delivery accepted.");
        }

        return await PublishAsync(topic, key, value, (acceptKey, retention), cancellationToken);
    }

    private async ValueTask<bool> PublishAsync<T>(
        BusTopic<T> topic, string key, T value, (string Key, TimeSpan Retention)? accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(key);
        var state = State(topic);
        if (!state.Replayed.IsCompletedSuccessfully)
        {
            await state.Replayed.WaitAsync(cancellationToken); // what was accepted before the restart goes first
        }

        var publishedAt = _db.Time.GetUtcNow();
        var headers = TraceHeaders.Capture();
        var id = 0L;
        if (IsDurable(value) || accept is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var payload = _serializer.Serialize(value);
            var headerJson = headers.Count == 0 ? null : BusPayloadSerializer.SerializeHeaders(headers);
            // Not cancellable once queued: a publish that was written is delivered (now, or replayed after a restart).
            id = await _db.WriteAsync(
                s =>
                {
                    if (accept is var (acceptKey, retention))
                    {
                        var now = _db.Now;
                        if (s.Execute(AcceptMarker, acceptKey, now + retention.Ticks, now) == 0)
                        {
                            return 0L; // a live done marker: accepted before, so neither marker nor row
                        }
                    }

                    return s.Int64(
                        "INSERT INTO bus_messages (topic, key, payload, published_at, headers) VALUES ($p0, $p1, $p2, $p3, $p4) RETURNING id",
                        topic.Name, key, payload, publishedAt.UtcTicks, headerJson)!.Value;
                },
                durable: WaitsForDisk(topic));
            if (id == 0)
            {
                return false;
            }
        }

        await _inner.PublishAsync(state.Inner, key, new StoredMessage<T>(id, value, publishedAt, headers), cancellationToken);
        return true;
    }

    /// <summary>
    /// The accept marker, as <see cref="SqliteIdempotencyStore.MarkDoneAsync"/> writes it, unless a live one is there
    /// (then no row changes): <c>$p0</c> key, <c>$p1</c> expiry, <c>$p2</c> now.
    /// </summary>
    private const string AcceptMarker = """
        INSERT INTO idempotency (key, value, expires_at) VALUES ($p0, 'done', $p1)
        ON CONFLICT DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            WHERE idempotency.value <> 'done' OR idempotency.expires_at <= $p2
        """;

    /// <summary>
    /// Whether a publish waits for the fsync that follows its commit (<see cref="StorageDurability.Full"/>), not only for the
    /// commit: every topic but the replies. An inbound message is acknowledged to its platform once its publish returns,
    /// so it must be on disk first. A reply is not acknowledged to anyone: what caused it (the inbound row, not yet
    /// deleted, and no done marker yet) was committed before it, and the log keeps commits in order, so a power cut that
    /// loses the reply's row loses everything after it too and the inbound message is answered again (as it would be if
    /// the egress's done marker, which is never waited for, were lost). A killed process loses no commit either way.
    /// </summary>
    private static bool WaitsForDisk<T>(BusTopic<T> topic) => topic.Name != Topics.Outbound.Name;

    public Task ConsumeAsync<T>(
        BusTopic<T> topic, string consumerGroup, Func<BusMessage<T>, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        var state = State(topic);
        return _inner.ConsumeAsync(state.Inner, consumerGroup, async (message, ct) =>
        {
            var stored = message.Value;
            try
            {
                await handler(new BusMessage<T>(message.Key, stored.Value, stored.Headers, stored.PublishedAt), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw; // abandoned at the drain deadline: kept, and handled after the next start
            }
            catch
            {
                Forget(stored.Id); // the in-process bus skips a message whose handler threw
                throw;
            }

            Forget(stored.Id);
        }, cancellationToken);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _inner.Dispose();
    }

    /// <summary>A handled message's row goes with the next batch; if that is lost in a crash, the replay is skipped as done.</summary>
    private void Forget(long id)
    {
        if (id > 0)
        {
            _db.ForgetBusMessage(id);
        }
    }

    private TopicState<T> State<T>(BusTopic<T> topic)
    {
        lock (_topics)
        {
            if (_topics.TryGetValue(topic.Name, out var existing))
            {
                return (TopicState<T>)existing;
            }

            var inner = new BusTopic<StoredMessage<T>>(topic.Name);
            var state = new TopicState<T>(inner, Task.Run(() => ReplayAsync(topic.Name, inner)));
            _topics.Add(topic.Name, state);
            return state;
        }
    }

    /// <summary>Publishes the topic's rows left by the previous run, oldest first (waiting for room like any publisher).</summary>
    private async Task ReplayAsync<T>(string topic, BusTopic<StoredMessage<T>> inner)
    {
        var replayed = 0;
        var after = 0L;
        while (true)
        {
            var rows = _db.Read(s => s.Query(
                "SELECT id, key, payload, published_at, headers FROM bus_messages WHERE topic = $p0 AND id > $p1 ORDER BY id LIMIT $p2",
                r => (Id: r.GetInt64(0), Key: r.GetString(1), Payload: r.GetBlob(2), At: r.GetInt64(3), Headers: r.IsDBNull(4) ? null : r.GetString(4)),
                topic, after, ReplayChunk));
            foreach (var row in rows)
            {
                after = row.Id;
                T value;
                try
                {
                    value = _serializer.Deserialize<T>(row.Payload);
                }
                catch (JsonException ex)
                {
                    LogUndecodable(_logger, topic, row.Id, ex.Message);
                    Forget(row.Id);
                    continue;
                }

                var message = new StoredMessage<T>(row.Id, value, new DateTimeOffset(row.At, TimeSpan.Zero), BusPayloadSerializer.DeserializeHeaders(row.Headers));
                await _inner.PublishAsync(inner, row.Key, message, _stopping.Token);
                replayed++;
            }

            if (rows.Count < ReplayChunk)
            {
                break;
            }
        }

        if (replayed > 0)
        {
            LogReplayed(_logger, replayed, topic);
        }
    }

    private sealed record TopicState<T>(BusTopic<StoredMessage<T>> Inner, Task Replayed);

    [LoggerMessage(EventId = 5560, Level = LogLevel.Information, Message = "Replayed {Count} messages of {Topic} accepted before the restart and not yet handled")]
    private static partial void LogReplayed(ILogger logger, int count, string topic);

    [LoggerMessage(EventId = 5561, Level = LogLevel.Error, Message = "Stored message {Id} of {Topic} cannot be decoded ({Reason}); dropped")]
    private static partial void LogUndecodable(ILogger logger, string topic, long id, string reason);
}
