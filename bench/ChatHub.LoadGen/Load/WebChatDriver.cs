using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatHub.LoadGen.Workload;
using ChatHub.Testing.SignalR;

namespace ChatHub.LoadGen.Load;

/// <summary>
/// The web-chat share: a few SignalR clients, each in a conversation of a few turns (then a fresh one, by
/// <c>Join(null, 0)</c>). A scheduled message goes to an idle client (one not waiting for a reply); with none idle
/// it is shed. Latency runs from the intended time to the final <c>Reply</c> whose <c>inReplyTo</c> is the message's
/// clientMessageId (<c>w{id}</c>).
/// </summary>
internal sealed class WebChatDriver : IAsyncDisposable
{
    private readonly List<Client> _clients = [];
    private readonly ConcurrentQueue<Client> _idle = new();
    private readonly Random _random;
    private readonly Random _turns;
    private StepRecorder? _recorder;

    private WebChatDriver(int seed)
    {
        _random = new Random(seed);
        _turns = new Random(seed + 1);
    }

    /// <summary>Final replies by <c>source</c> (cache, knowledge, model, system) in the current step.</summary>
    public ConcurrentDictionary<string, int> Sources { get; } = new(StringComparer.Ordinal);

    public int Shed;

    public static async Task<WebChatDriver> StartAsync(Uri hub, int clients, int seed, CancellationToken cancellationToken)
    {
        var driver = new WebChatDriver(seed);
        for (var i = 0; i < clients; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await SignalRTestClient.ConnectAsync(hub);
            var client = new Client(connection);
            connection.OnEvent = (target, payload) => driver.OnEvent(client, target, payload);
            await connection.InvokeRawAsync("Join", "[null,0]");
            client.TurnsLeft = driver.Turns();
            driver._clients.Add(client);
            driver._idle.Enqueue(client);
        }

        return driver;
    }

    public void BeginStep(StepRecorder recorder)
    {
        Sources.Clear();
        Shed = 0;
        Volatile.Write(ref _recorder, recorder);
    }

    /// <summary>Issues message <paramref name="index"/> (scheduler thread).</summary>
    public void Issue(StepRecorder recorder, QuestionSet questions, double modelShare, int index, long intended)
    {
        recorder.Intended[index] = intended;
        Volatile.Write(ref recorder.Issued, index + 1);
        recorder.MarkIssued();
        if (!_idle.TryDequeue(out var client))
        {
            recorder.Status[index] = StepRecorder.StatusShed;
            Interlocked.Increment(ref Shed);
            recorder.Resolve(index);
            return;
        }

        var id = recorder.BaseId + index;
        MessageKind kind;
        string text;
        if (_random.NextDouble() < modelShare)
        {
            (kind, text) = (MessageKind.Model, QuestionSet.ModelBound(id));
        }
        else
        {
            (kind, text) = (client.TurnsTaken == 0 ? MessageKind.FirstTurn : MessageKind.FollowUp, questions.Draw(_random));
        }

        recorder.Kinds[index] = kind;
        client.TurnsTaken++;
        client.TurnsLeft--;
        _ = SendAsync(recorder, client, index, id, text);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.Connection.DisposeAsync();
        }
    }

    private async Task SendAsync(StepRecorder recorder, Client client, int index, long id, string encodedText)
    {
        short status;
        try
        {
            var result = await client.Connection.InvokeRawAsync( // at most 30 s (DefaultTimeout)
                "Send", "[" + encodedText + ",\"w" + id.ToString(CultureInfo.InvariantCulture) + "\"]");
            status = result.ValueKind == JsonValueKind.Object && result.GetProperty("accepted").GetBoolean() ? (short)200 : (short)400;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HubErrorException or TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            status = StepRecorder.StatusException;
        }

        recorder.Acked[index] = Stopwatch.GetTimestamp();
        recorder.Status[index] = status;
        if (status != 200)
        {
            recorder.Resolve(index);
            Release(client);
        }
    }

    private void OnEvent(Client client, string target, JsonElement payload)
    {
        if (target != "Reply" || !payload.GetProperty("final").GetBoolean())
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var inReplyTo = payload.TryGetProperty("inReplyTo", out var r) ? r.GetString() : null;
        var source = payload.TryGetProperty("source", out var s) ? s.GetString() ?? "?" : "?";
        if (inReplyTo is not { Length: > 1 } || inReplyTo[0] != 'w'
            || !long.TryParse(inReplyTo.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return;
        }

        Sources.AddOrUpdate(source, 1, static (_, n) => n + 1);
        Volatile.Read(ref _recorder)?.TryRecordReply(id, now, fallback: source == "system");
        Release(client); // also after a late reply of an earlier step: the client is free again either way
    }

    private void Release(Client client)
    {
        if (client.TurnsLeft > 0)
        {
            _idle.Enqueue(client);
            return;
        }

        _ = RejoinAsync(client);
    }

    private async Task RejoinAsync(Client client)
    {
        try
        {
            await client.Connection.InvokeRawAsync("Join", "[null,0]"); // at most 30 s (DefaultTimeout)
            client.TurnsTaken = 0;
            client.TurnsLeft = Turns();
            _idle.Enqueue(client);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HubErrorException or TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            // The client is lost; the others carry on.
        }
    }

    private int Turns()
    {
        lock (_turns)
        {
            return _turns.NextDouble() switch { < 0.40 => 1, < 0.65 => 2, < 0.85 => 3, _ => 4 };
        }
    }

    private sealed class Client(SignalRTestClient connection)
    {
        public SignalRTestClient Connection { get; } = connection;

        public int TurnsLeft { get; set; }

        public int TurnsTaken { get; set; }
    }
}
