using System.Threading.Channels;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Adapters.Discord.Ingress;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// The gateway client (ingress role): <c>GET /gateway/bot</c> once for the URL (cached), then one connection at a
/// time (<see cref="RunConnectionAsync"/>) and, between connections, the reconnect rules:
/// <list type="bullet">
/// <item>close codes 4004 and 4010–4014 (and a 401 on /gateway/bot) stop the adapter for good: logged as critical,
/// <c>/readyz</c> unhealthy with the reason, no further attempt;</item>
/// <item>4007, 4009 and INVALID_SESSION(false) start a new session (IDENTIFY, after the documented random 1–5 s for
/// op 9); anything else, a silent drop, a zombie connection and op 7 RESUME at <c>resume_gateway_url</c>;</item>
/// <item>a connection that reached READY/RESUMED is followed at once; attempts that fail before that back off
/// exponentially with jitter (<see cref="DiscordOptions.ReconnectBaseDelay"/> to <see cref="DiscordOptions.ReconnectMaxDelay"/>),
/// and after three the URL is fetched again and the session dropped;</item>
/// <item>IDENTIFYs are at least 5 s apart and wait out an exhausted session start limit.</item>
/// </list>
/// MESSAGE_CREATE events go through a queue to <see cref="DiscordIngress"/> on their own loop, so a slow bus never
/// delays heartbeat ACKs; the queue outlives reconnects and is drained (bounded) on stop.
/// </summary>
internal sealed partial class DiscordGatewayService : BackgroundService
{
    private const int RefetchUrlAfterFailures = 3;
    private static readonly TimeSpan IdentifySpacing = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly DiscordRestClient _rest;
    private readonly DiscordIngress _ingress;
    private readonly DiscordBotIdentity _identity;
    private readonly DiscordHealth _health;
    private readonly DiscordOptions _options;
    private readonly GatewayJitter _jitter;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordGatewayService> _logger;
    private readonly GatewaySession _session = new();
    private readonly Channel<GatewayEvent> _events = Channel.CreateBounded<GatewayEvent>(
        new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _dispatchStop = new();
    private Uri? _gatewayUrl;
    private int? _identifiesLeft;
    private int _identifiesTotal;
    private long _identifiesResetAt;
    private long? _lastIdentifyAt;

    public DiscordGatewayService(
        DiscordRestClient rest,
        DiscordIngress ingress,
        DiscordBotIdentity identity,
        DiscordHealth health,
        IOptions<DiscordOptions> options,
        GatewayJitter jitter,
        TimeProvider time,
        ILogger<DiscordGatewayService> logger)
    {
        _rest = rest;
        _ingress = ingress;
        _identity = identity;
        _health = health;
        _options = options.Value;
        _jitter = jitter;
        _time = time;
        _logger = logger;
    }

    /// <summary>The resumable session (for tests).</summary>
    internal GatewaySession Session => _session;

    public override void Dispose()
    {
        _dispatchStop.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dispatcher = Task.Run(() => DispatchAsync(_dispatchStop.Token), CancellationToken.None);
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            // Hand what was received to the bus, for a bounded time.
            _events.Writer.TryComplete();
            using var drainLimit = new CancellationTokenSource(DrainTimeout, _time);
            using var giveUp = drainLimit.Token.Register(() => _dispatchStop.Cancel());
            await dispatcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var delay = TimeSpan.Zero;
        while (true)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, stoppingToken);
                delay = TimeSpan.Zero;
            }

            GatewayDisconnect disconnect;
            try
            {
                if (_gatewayUrl is null && !_session.CanResume)
                {
                    var (url, error, fatal) = await FetchGatewayUrlAsync(stoppingToken);
                    if (fatal)
                    {
                        Stop(error!);
                        return;
                    }

                    if (url is null)
                    {
                        delay = Backoff(++failures);
                        DiscordLog.GatewayUrlFailed(_logger, error, delay);
                        _health.Disconnected($"GET /gateway/bot: {error}", failures);
                        continue;
                    }

                    _gatewayUrl = url;
                }

                if (!_session.CanResume && IdentifyWait() is var wait && wait > TimeSpan.Zero)
                {
                    delay = wait;
                    continue;
                }

                disconnect = await RunConnectionAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Loop boundary: a bug must not end ingress; back off and start over.
                delay = Backoff(++failures);
                DiscordLog.LoopFailed(_logger, delay, ex);
                _health.Disconnected($"gateway loop failed: {ex.GetType().Name}", failures);
                continue;
            }

            stoppingToken.ThrowIfCancellationRequested();
            DiscordMetrics.Disconnects.Add(1, new KeyValuePair<string, object?>("reason", disconnect.Kind.ToString()));
            if (GatewayCloseCodes.IsFatal(disconnect.CloseCode))
            {
                Stop(disconnect.Reason);
                return;
            }

            if (!disconnect.Resumable)
            {
                _session.Reset();
            }

            failures = disconnect.WasReady ? 0 : disconnect.Kind == GatewayDisconnectKind.InvalidSession ? failures : failures + 1;
            if (failures >= RefetchUrlAfterFailures)
            {
                _session.Reset();
                _gatewayUrl = null;
            }

            delay = disconnect is { Kind: GatewayDisconnectKind.InvalidSession, Resumable: false }
                ? TimeSpan.FromSeconds(1 + (4 * _jitter.Next())) // documented: wait a random 1–5 s, then identify
                : failures == 0 ? TimeSpan.Zero : Backoff(failures);
            if (!_session.CanResume && _gatewayUrl is not null)
            {
                delay = Max(delay, IdentifyWait());
            }

            _health.Disconnected(disconnect.Reason, failures);
            DiscordLog.Disconnected(_logger, disconnect.Reason, _session.CanResume ? "resuming" : "identifying", delay);
        }
    }

    private async Task<(Uri? Url, string? Error, bool Fatal)> FetchGatewayUrlAsync(CancellationToken cancellationToken)
    {
        var result = await _rest.GetGatewayBotAsync(cancellationToken);
        if (result.Error is { } error)
        {
            return error.Kind == DiscordErrorKind.Unauthorized
                ? (null, $"GET /gateway/bot answered 401: Discord does not accept the token (check {DiscordOptions.SectionName}:Token)", true)
                : (null, error.ToString(), false);
        }

        if (!GatewayFrames.TryGatewayUri(result.Value!.Url, out _))
        {
            return (null, "GET /gateway/bot gave no usable ws/wss URL", false);
        }

        if (result.Value.SessionStartLimit is { } limit)
        {
            _identifiesLeft = limit.Remaining;
            _identifiesTotal = limit.Total;
            _identifiesResetAt = _time.GetTimestamp() + (long)(TimeSpan.FromMilliseconds(limit.ResetAfter).TotalSeconds * _time.TimestampFrequency);
        }

        return (new Uri(result.Value.Url), null, false);
    }

    /// <summary>How long the next IDENTIFY must wait: 5 s after the last one, and past an exhausted session start limit.</summary>
    private TimeSpan IdentifyWait()
    {
        var wait = _lastIdentifyAt is { } last ? IdentifySpacing - _time.GetElapsedTime(last) : TimeSpan.Zero;
        if (_identifiesLeft == 0)
        {
            var now = _time.GetTimestamp();
            if (_identifiesResetAt <= now)
            {
                _identifiesLeft = null; // reset: unknown again, allowed
            }
            else
            {
                var reset = TimeSpan.FromSeconds((_identifiesResetAt - now) / (double)_time.TimestampFrequency);
                DiscordLog.SessionStartLimited(_logger, _identifiesTotal, reset);
                wait = Max(wait, reset);
            }
        }

        return Max(wait, TimeSpan.Zero);
    }

    private void NoteIdentify()
    {
        _lastIdentifyAt = _time.GetTimestamp();
        if (_identifiesLeft is > 0)
        {
            _identifiesLeft--;
        }
    }

    private void Stop(string reason)
    {
        DiscordLog.Stopped(_logger, reason);
        _health.Stopped(reason);
    }

    /// <summary>Exponential from <see cref="DiscordOptions.ReconnectBaseDelay"/>, capped, with jitter (half fixed, half random).</summary>
    private TimeSpan Backoff(int failures)
    {
        var exponential = _options.ReconnectBaseDelay * Math.Pow(2, Math.Min(Math.Max(0, failures - 1), 20));
        var capped = exponential < _options.ReconnectMaxDelay ? exponential : _options.ReconnectMaxDelay;
        return capped * (0.5 + (0.5 * _jitter.Next()));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
