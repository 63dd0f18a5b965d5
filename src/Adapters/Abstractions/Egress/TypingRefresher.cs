using System.Collections.Concurrent;
using ChatHub.Conversation.Pipeline;

namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>
/// "typing…" kept up while a reply is produced, the same way on every platform that shows it for a few seconds: sent at
/// once, then every <c>interval</c> until <see cref="Stop"/> (the reply's first words are shown, or the reply is final),
/// <c>maxDuration</c> has passed, or a send fails in a way that ends it (<c>keepsGoing</c>: a permanent failure, or any
/// failure where typing must never compete with the reply for the budget). One loop per reply; best effort: a failure
/// inside the loop goes to <c>failed</c> (a log line) and ends it. The adapter supplies its platform's send.
/// </summary>
internal sealed class TypingRefresher<TTarget>(
    Func<TTarget, CancellationToken, ValueTask<SendResult>> send,
    Func<SendResult, bool> keepsGoing,
    TimeSpan interval,
    TimeSpan maxDuration,
    TimeProvider time,
    Action<Exception> failed) : IDisposable
{
    /// <summary>Keep typing unless the platform said no for good (Telegram, Discord).</summary>
    public static bool UnlessPermanent(SendResult result) => result.Status != SendStatus.Permanent;

    /// <summary>Keep typing only while each send succeeds (Teams: typing never competes with the reply for the budget).</summary>
    public static bool OnlyWhileSent(SendResult result) => result.Status == SendStatus.Sent;

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);

    /// <summary>Replies typing is kept up for now.</summary>
    public int Active => _active.Count;

    /// <summary>Shows typing for reply <paramref name="replyId"/> and keeps it up; the first send's result.</summary>
    public async ValueTask<SendResult> StartAsync(string replyId, TTarget target, CancellationToken cancellationToken)
    {
        var result = await send(target, cancellationToken);
        if (!keepsGoing(result))
        {
            return result;
        }

        var refresh = new CancellationTokenSource(maxDuration, time);
        if (_active.TryAdd(replyId, refresh))
        {
            _ = RefreshAsync(replyId, target, refresh);
        }
        else
        {
            refresh.Dispose(); // already kept up (a redelivered typing message)
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

    private async Task RefreshAsync(string replyId, TTarget target, CancellationTokenSource refresh)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, refresh.Token);
                if (!keepsGoing(await send(target, refresh.Token)))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (refresh.IsCancellationRequested)
        {
            // Stopped, or typed for maxDuration.
        }
        catch (Exception ex)
        {
            // Loop boundary of a fire-and-forget loop: typing is best effort.
            failed(ex);
        }
        finally
        {
            _active.TryRemove(new KeyValuePair<string, CancellationTokenSource>(replyId, refresh));
            refresh.Dispose();
        }
    }
}
