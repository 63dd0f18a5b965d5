using System.Collections.Concurrent;
using System.Diagnostics;
using ChatHub.Testing.Kafka;

namespace ChatHub.Bench.Kafka;

/// <summary>
/// Sends one phase of Telegram updates and measures it: per message, the time from starting the webhook POST to
/// its 200, and to the fake Bot API receiving the sendMessage that answers it (the person's view of latency).
/// </summary>
internal sealed class PhaseRunner(PipelineDeployment deployment, int conversations)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);
    private int _expected;

    /// <summary>Each conversation sends its next message when the previous one was accepted; all at once.</summary>
    public async Task<PhaseResult> ClosedLoopAsync(int phase, int perConversation)
    {
        var sends = new ConcurrentDictionary<long, (long Sent, long Acked)>();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, conversations).Select(async c =>
        {
            for (var i = 0; i < perConversation; i++)
            {
                await PostAsync(sends, c, Index(phase, i));
            }
        }));
        return await MeasureAsync(sends, start);
    }

    /// <summary>Message k is due at start + k / rate whatever happened before (no coordinated omission).</summary>
    public async Task<PhaseResult> OpenLoopAsync(int phase, int rate, int seconds)
    {
        var sends = new ConcurrentDictionary<long, (long Sent, long Acked)>();
        var total = rate * seconds;
        var posts = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var k = 0; k < total; k++)
        {
            var due = start + (long)(k * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            posts.Add(PostAsync(sends, k % conversations, Index(phase, k / conversations), due));
        }

        await Task.WhenAll(posts);
        return await MeasureAsync(sends, start);
    }

    private static int Index(int phase, int i) => (phase * 100_000) + i;

    private async Task PostAsync(ConcurrentDictionary<long, (long Sent, long Acked)> sends, int conversation, int index, long? intended = null)
    {
        var sent = intended ?? Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _expected);
        await deployment.PostUntilAcceptedAsync(conversation, index, CancellationToken.None);
        sends[PipelineDeployment.MessageId(conversation, index)] = (sent, Stopwatch.GetTimestamp());
    }

    private async Task<PhaseResult> MeasureAsync(ConcurrentDictionary<long, (long Sent, long Acked)> sends, long start)
    {
        try
        {
            await deployment.Telegram.WhenAnsweredAsync(Volatile.Read(ref _expected)).WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"not every message was answered within {DrainTimeout}");
        }

        var firstReply = new Dictionary<long, long>();
        var duplicates = 0;
        foreach (var (_, replyTo, at) in deployment.Telegram.Replies())
        {
            if (!sends.ContainsKey(replyTo))
            {
                continue;
            }

            if (!firstReply.TryAdd(replyTo, at))
            {
                duplicates++;
            }
        }

        var endToEnd = new List<double>(sends.Count);
        var acks = new List<double>(sends.Count);
        var last = start;
        foreach (var (id, (sent, acked)) in sends)
        {
            acks.Add(Stopwatch.GetElapsedTime(sent, acked).TotalMilliseconds);
            if (firstReply.TryGetValue(id, out var at))
            {
                endToEnd.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
                last = Math.Max(last, at);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start, last).TotalSeconds;
        return new PhaseResult(sends.Count, firstReply.Count, duplicates, seconds, firstReply.Count / Math.Max(seconds, 1e-9),
            Percentiles.Of(endToEnd), Percentiles.Of(acks));
    }
}
