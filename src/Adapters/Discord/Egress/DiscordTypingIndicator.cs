using System.Collections.Concurrent;
using ChatHub.Adapters.Discord.Rest;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// "typing…" while a reply is produced: <c>POST /channels/{id}/typing</c> at once, then every
/// <see cref="DiscordOptions.TypingInterval"/> (Discord shows it for 10 s) until the reply's first message is
/// shown, the reply is final, or <see cref="DiscordOptions.MaxTypingDuration"/> has passed. Best effort: one
/// attempt each time, skipped while the typing bucket is exhausted.
/// </summary>
internal sealed class DiscordTypingIndicator : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);
    private readonly DiscordRestClient _client;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordTypingIndicator> _logger;

    public DiscordTypingIndicator(DiscordRestClient client, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordTypingIndicator> logger)
    {
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    internal int Active => _active.Count;

    public async ValueTask<SendResult> StartAsync(string replyId, DiscordTarget target, CancellationToken cancellationToken)
    {
        var result = await SendOnceAsync(target, cancellationToken);
        if (result.Status == SendStatus.Permanent)
        {
            return result;
        }

        var refresh = new CancellationTokenSource(_options.MaxTypingDuration, _time);
        if (_active.TryAdd(replyId, refresh))
        {
            _ = RefreshAsync(replyId, target, refresh);
        }
        else
        {
            refresh.Dispose();
        }

        return result;
    }

    public void Stop(string replyId)
    {
        if (_active.TryRemove(replyId, out var refresh))
        {
            try
            {
                refresh.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The loop ended on its own meanwhile.
            }
        }
    }

    public void Dispose()
    {
        foreach (var replyId in _active.Keys)
        {
            Stop(replyId);
        }
    }

    private async Task RefreshAsync(string replyId, DiscordTarget target, CancellationTokenSource refresh)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.TypingInterval, _time, refresh.Token);
                if ((await SendOnceAsync(target, refresh.Token)).Status == SendStatus.Permanent)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (refresh.IsCancellationRequested)
        {
            // Stopped, or typed for MaxTypingDuration.
        }
        catch (Exception ex)
        {
            // Loop boundary of a fire-and-forget loop: typing is best effort.
            DiscordLog.TypingFailed(_logger, ex);
        }
        finally
        {
            _active.TryRemove(new KeyValuePair<string, CancellationTokenSource>(replyId, refresh));
            refresh.Dispose();
        }
    }

    private async ValueTask<SendResult> SendOnceAsync(DiscordTarget target, CancellationToken cancellationToken)
    {
        var result = await _client.TriggerTypingAsync(target.ChannelId, cancellationToken);
        return result.Error is { Kind: DiscordErrorKind.RateLimited } ? SendResult.Sent : DiscordSendResults.From(result.Error);
    }
}
