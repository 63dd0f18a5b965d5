using System.Net.WebSockets;
using System.Text.Json;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Web-chat clients on <c>/hubs/chat</c>, each in its own conversation, each sending its questions one after another
/// the way the widget does: a message whose <c>Send</c> failed or was not accepted is sent again with the same client
/// message id, and a dropped connection is reconnected and re-joined with the conversation's token and the highest
/// <c>seq</c> seen, so the hub replays what was missed. Every other client also drops its connection after a failed
/// <c>Send</c> and again right after its next accepted one (a page reloaded after an error, then before the answer
/// came), so connects and joins meet the outage and replies are replayed from the restarted Redis. What counts as accepted is a <c>Send</c> answered
/// <c>accepted: true</c>; every final reply received, live or replayed, is kept in arrival order for
/// <see cref="WebChatDeliveryTally"/>.
/// </summary>
internal sealed class WebChatChaosLoad
{
    public static readonly string[] Questions =
    [
        "What is ChatHub?",
        "Which platforms does ChatHub support?",
        "How do I use Redis with ChatHub?",
        "Are there rate limits?",
        "How do I embed the web chat widget on my site?",
    ];

    private WebChatChaosLoad(IReadOnlyList<Client> clients, int perClient, Task disconnected)
    {
        Clients = clients;
        PerClient = perClient;
        Disconnected = disconnected;
    }

    /// <summary>Completes when every client closed its connection, after the token given to <see cref="Start"/> was cancelled.</summary>
    public Task Disconnected { get; }

    public IReadOnlyList<Client> Clients { get; }

    public int PerClient { get; }

    public int Total => Clients.Count * PerClient;

    public int AcceptedCount => Clients.Sum(c => c.AcceptedCount);

    /// <summary><c>Send</c> invocations made, repeats included.</summary>
    public int Attempts => Clients.Sum(c => c.Attempts);

    /// <summary><c>Send</c> invocations that failed (an error completion, a dropped connection) or were not accepted; each repeated.</summary>
    public int Refused => Clients.Sum(c => c.Refused);

    /// <summary>Connections opened and joined after a client's first one.</summary>
    public int Reconnects => Clients.Sum(c => c.Reconnects);

    /// <summary>Connect or <c>Join</c> attempts that failed (each retried).</summary>
    public int FailedJoins => Clients.Sum(c => c.FailedJoins);

    /// <summary>Final replies replayed by a re-join.</summary>
    public int CaughtUp => Clients.Sum(c => c.CaughtUp);

    /// <summary>
    /// Starts the clients; the task completes when every message was accepted (or <paramref name="cancellationToken"/>).
    /// The clients stay connected, reconnecting as needed, until <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static (WebChatChaosLoad Load, Task Done) Start(Uri hub, int clients, int perClient, CancellationToken cancellationToken)
    {
        var all = Enumerable.Range(0, clients).Select(i => new Client(hub, i)).ToList();
        var connected = all.Select(c => Task.Run(() => c.KeepConnectedAsync(cancellationToken), CancellationToken.None)).ToList();
        var load = new WebChatChaosLoad(all, perClient, Task.WhenAll(connected));
        var done = Task.WhenAll(all.Select(c => Task.Run(() => c.SendAllAsync(perClient, cancellationToken), CancellationToken.None)));
        return (load, done);
    }

    /// <summary>Completes once at least <paramref name="count"/> messages were accepted.</summary>
    public async Task AcceptedAtLeastAsync(int count, CancellationToken cancellationToken)
    {
        while (AcceptedCount < count)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>One widget: a conversation, its connection (replaced when it drops), what it sent and what it received.</summary>
    internal sealed class Client
    {
        private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

        private readonly Uri _hub;
        private readonly int _index;
        private readonly object _gate = new();
        private readonly List<(string Id, string Question)> _accepted = [];
        private readonly List<JsonElement> _finals = [];
        private readonly HashSet<string> _conversations = [];
        private TaskCompletionSource<SignalRTestClient> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _token;
        private long _lastSeq;
        private int _attempts;
        private int _refused;
        private int _reconnects;
        private int _failedJoins;
        private int _caughtUp;
        private bool _reloadAfterAccept;

        public Client(Uri hub, int index)
        {
            _hub = hub;
            _index = index;
        }

        public int AcceptedCount
        {
            get
            {
                lock (_gate)
                {
                    return _accepted.Count;
                }
            }
        }

        /// <summary>Accepted messages in the order they were sent: client message id and question.</summary>
        public IReadOnlyList<(string Id, string Question)> Accepted
        {
            get
            {
                lock (_gate)
                {
                    return [.. _accepted];
                }
            }
        }

        /// <summary>Final replies in arrival order, live and replayed, repeats included.</summary>
        public IReadOnlyList<JsonElement> Finals
        {
            get
            {
                lock (_gate)
                {
                    return [.. _finals];
                }
            }
        }

        /// <summary>The conversation ids the hub bound this client to (one, unless a re-join lost the conversation).</summary>
        public IReadOnlyCollection<string> Conversations
        {
            get
            {
                lock (_gate)
                {
                    return [.. _conversations];
                }
            }
        }

        public int Attempts => Volatile.Read(ref _attempts);

        public int Refused => Volatile.Read(ref _refused);

        public int Reconnects => Volatile.Read(ref _reconnects);

        public int FailedJoins => Volatile.Read(ref _failedJoins);

        /// <summary>Final replies a re-join found missed, replayed by <c>Join</c> (seqs are consecutive: the last seq <c>Join</c> returned minus the client's).</summary>
        public int CaughtUp => Volatile.Read(ref _caughtUp);

        /// <summary>Sends the messages one after another, each until accepted.</summary>
        public async Task SendAllAsync(int perClient, CancellationToken cancellationToken)
        {
            for (var n = 1; n <= perClient; n++)
            {
                var id = $"w{_index}-{n}";
                var question = Questions[(_index + n) % Questions.Length];
                while (!await SendAsync(question, id, cancellationToken))
                {
                    Interlocked.Increment(ref _refused);
                    if (_index % 2 == 1)
                    {
                        _reloadAfterAccept = true;
                        Drop();
                    }

                    await Task.Delay(RetryDelay, cancellationToken);
                }

                lock (_gate)
                {
                    _accepted.Add((id, question));
                }

                if (_reloadAfterAccept)
                {
                    _reloadAfterAccept = false;
                    Drop();
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100 + ((_index * 37) + (n * 53)) % 200), cancellationToken);
            }
        }

        /// <summary>
        /// Holds a joined connection, replacing it whenever it drops, until <paramref name="cancellationToken"/>; waits
        /// between attempts as the widget does (Widget/src/retry.js, without the jitter): 0.25 s, then 1, 2, 4 … s.
        /// </summary>
        public async Task KeepConnectedAsync(CancellationToken cancellationToken)
        {
            var failures = 0;
            for (var attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
            {
                SignalRTestClient? connection = null;
                Task? reading = null;
                try
                {
                    connection = await SignalRTestClient.ConnectAsync(_hub);
                    reading = ReadAsync(connection);
                    var lastSeq = Volatile.Read(ref _lastSeq);
                    var join = await connection.InvokeAsync("Join", _token, lastSeq);
                    _token = join.GetProperty("token").GetString();
                    Interlocked.Add(ref _caughtUp, (int)Math.Max(0, join.GetProperty("lastSeq").GetInt64() - lastSeq));
                    lock (_gate)
                    {
                        _conversations.Add(join.GetProperty("conversationId").GetString()!);
                    }

                    if (attempt > 0)
                    {
                        Interlocked.Increment(ref _reconnects);
                    }

                    failures = 0;
                    _joined.TrySetResult(connection);
                    await connection.Closed.WaitAsync(cancellationToken);
                }
                catch (Exception e) when (IsConnectionFailure(e))
                {
                    Interlocked.Increment(ref _failedJoins);
                    failures++;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
                finally
                {
                    if (_joined.Task.IsCompleted)
                    {
                        Volatile.Write(ref _joined, new TaskCompletionSource<SignalRTestClient>(TaskCreationOptions.RunContinuationsAsynchronously));
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                    }

                    if (reading is not null)
                    {
                        await reading;
                    }
                }

                if (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(
                        failures == 0 ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures - 1, 5))),
                        CancellationToken.None);
                }
            }
        }

        private async Task<bool> SendAsync(string question, string id, CancellationToken cancellationToken)
        {
            var connection = await Volatile.Read(ref _joined).Task.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _attempts);
            try
            {
                var ack = await connection.InvokeAsync("Send", question, id);
                return ack.GetProperty("accepted").GetBoolean();
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                return false;
            }
        }

        private void Drop()
        {
            if (Volatile.Read(ref _joined).Task is { IsCompletedSuccessfully: true } joined)
            {
                joined.Result.Abort();
            }
        }

        private async Task ReadAsync(SignalRTestClient connection)
        {
            await foreach (var (target, arguments) in connection.Events.ReadAllAsync())
            {
                if (target != "Reply" || !arguments[0].GetProperty("final").GetBoolean())
                {
                    continue;
                }

                var reply = arguments[0];
                lock (_gate)
                {
                    _finals.Add(reply);
                }

                var seq = reply.GetProperty("seq").GetInt64();
                if (seq > Volatile.Read(ref _lastSeq))
                {
                    Volatile.Write(ref _lastSeq, seq);
                }
            }
        }

        private static bool IsConnectionFailure(Exception e) =>
            e is HubErrorException or InvalidOperationException or TimeoutException or WebSocketException or IOException or ObjectDisposedException;
    }
}
