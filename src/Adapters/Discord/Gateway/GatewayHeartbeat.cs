using System.Text.Json;
using ChatHub.Adapters.Discord.Api;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// The heartbeat of one connection, on its own timer (<see cref="TimeProvider"/>): the first beat after
/// <c>interval × jitter</c>, then one per interval, each <c>{"op":1,"d":last s}</c>. If the ACK (op 11) of a beat
/// has not come by the next one, the connection is a zombie: <see cref="RunAsync"/> returns true and the caller
/// reconnects and resumes. The server may ask for a beat at once (op 1): <see cref="BeatAsync"/>.
/// </summary>
internal sealed class GatewayHeartbeat
{
    private readonly GatewayConnection _connection;
    private readonly GatewaySession _session;
    private readonly TimeSpan _firstDelay;
    private readonly TimeProvider _time;
    private int _awaitingAck;

    public GatewayHeartbeat(GatewayConnection connection, GatewaySession session, TimeSpan interval, double jitter, TimeProvider time)
    {
        _connection = connection;
        _session = session;
        Interval = interval;
        _firstDelay = interval * jitter;
        _time = time;
    }

    public TimeSpan Interval { get; }

    /// <summary>Beats until cancelled (throws) or until a beat went unacknowledged (returns true).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_firstDelay, _time, cancellationToken);
        while (true)
        {
            if (Volatile.Read(ref _awaitingAck) == 1)
            {
                return true;
            }

            await BeatAsync(cancellationToken);
            await Task.Delay(Interval, _time, cancellationToken);
        }
    }

    public ValueTask BeatAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _awaitingAck, 1);
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new GatewaySend<long?>(GatewayOpCode.Heartbeat, _session.Sequence), DiscordJsonContext.Default.GatewaySendNullableInt64);
        return _connection.SendAsync(payload, cancellationToken);
    }

    public void Acknowledged() => Volatile.Write(ref _awaitingAck, 0);
}
