using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Telegram;

/// <summary>
/// What end-to-end tests of hub processes need from the Bot API: every posted sendMessage in order
/// (<see cref="Sent"/>), the messages answered (<see cref="Answered"/>, <see cref="WhenAnsweredAsync"/>), and a platform
/// that is slow (<see cref="SendDelay"/>) or holds new sendMessage calls (<see cref="Pause"/>): a call whose caller goes
/// away while it is held or delayed never posts, as on the real platform when the request dies before it arrives.
/// </summary>
public sealed partial class FakeBotApi
{
    private readonly List<SentMessage> _sent = [];
    private readonly Dictionary<long, int> _answers = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _thresholds = [];
    private readonly List<(Func<SentMessage, bool> Match, int After, TaskCompletionSource<SentMessage> Done)> _sentWaiters = [];
    private TaskCompletionSource _open = Opened();
    private int _inFlight;
    private long _lastSendTicks = Environment.TickCount64;

    /// <summary>How long each sendMessage takes before it posts (zero: at once).</summary>
    public TimeSpan SendDelay { get; set; }

    /// <summary>Distinct messages answered (a posted sendMessage with reply_parameters) so far.</summary>
    public int Answered
    {
        get
        {
            lock (_gate)
            {
                return _answers.Count;
            }
        }
    }

    /// <summary>sendMessage calls past the hold and not yet answered (posting, or about to).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When the last sendMessage posted (<see cref="Environment.TickCount64"/>).</summary>
    public long LastSendTicks => Interlocked.Read(ref _lastSendTicks);

    /// <summary>Every sendMessage posted, in arrival order.</summary>
    public IReadOnlyList<SentMessage> Sent()
    {
        lock (_gate)
        {
            return [.. _sent];
        }
    }

    /// <summary>The posted sendMessage calls that answer a message (<c>reply_parameters</c>), in arrival order.</summary>
    public IReadOnlyList<(long ChatId, long ReplyTo, long At)> Replies()
    {
        lock (_gate)
        {
            return [.. _sent.Where(m => m.ReplyTo is not null).Select(m => (m.ChatId, m.ReplyTo!.Value, m.At))];
        }
    }

    /// <summary>Completes when <paramref name="count"/> distinct messages have been answered.</summary>
    public Task WhenAnsweredAsync(int count)
    {
        lock (_gate)
        {
            if (_answers.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _thresholds.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>
    /// The first sendMessage to <paramref name="chatId"/>, after the first <paramref name="after"/> of <see cref="Sent"/>,
    /// whose text contains <paramref name="fragment"/>: at once if it was posted, else when it is.
    /// </summary>
    public Task<SentMessage> NextToAsync(long chatId, string fragment, int after)
    {
        bool Match(SentMessage m) => m.ChatId == chatId && m.Text.Contains(fragment, StringComparison.Ordinal);
        lock (_gate)
        {
            if (_sent.Skip(after).FirstOrDefault(Match) is { } found)
            {
                return Task.FromResult(found);
            }

            var done = new TaskCompletionSource<SentMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _sentWaiters.Add((Match, after, done));
            return done.Task;
        }
    }

    /// <summary>New sendMessage calls wait (and post nothing if their caller goes away) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    /// <summary>Waits out a pause and the send delay; false when the caller went away meanwhile (nothing posts).</summary>
    private async Task<bool> HoldAsync(HttpContext context)
    {
        while (true)
        {
            Task open;
            lock (_gate)
            {
                open = _open.Task;
                if (open.IsCompleted)
                {
                    _inFlight++; // past the hold: a test that paused waits for it (InFlight)
                    break;
                }
            }

            try
            {
                await open.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        if (SendDelay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(SendDelay, context.RequestAborted); // the platform working; a dead caller's call never posts
            return true;
        }
        catch (OperationCanceledException)
        {
            Released();
            return false;
        }
    }

    private void Released()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    /// <summary>Records a posted sendMessage (under <c>_gate</c>).</summary>
    private void RecordSentLocked(SentMessage message)
    {
        Interlocked.Exchange(ref _lastSendTicks, Environment.TickCount64);
        _sent.Add(message);
        for (var i = _sentWaiters.Count - 1; i >= 0; i--)
        {
            if (_sent.Count > _sentWaiters[i].After && _sentWaiters[i].Match(message))
            {
                _sentWaiters[i].Done.TrySetResult(message);
                _sentWaiters.RemoveAt(i);
            }
        }

        if (message.ReplyTo is not { } replyTo)
        {
            return;
        }

        _answers[replyTo] = _answers.GetValueOrDefault(replyTo) + 1;
        for (var i = _thresholds.Count - 1; i >= 0; i--)
        {
            if (_answers.Count >= _thresholds[i].Count)
            {
                _thresholds[i].Reached.TrySetResult();
                _thresholds.RemoveAt(i);
            }
        }
    }

    private static long Now() => Stopwatch.GetTimestamp();
}
