using System.Diagnostics;
using System.Globalization;
using ChatHub.LoadGen.Fakes;
using ChatHub.LoadGen.Hosting;
using ChatHub.LoadGen.Workload;

namespace ChatHub.LoadGen.Load;

/// <summary>Everything one step needs: the fakes, the drivers and the server under test.</summary>
internal sealed record StepContext(
    LoadGenOptions Options, FakeServices Fakes, WebhookDriver Webhook, WebChatDriver? WebChat, QuestionSet? WebQuestions,
    ServerProcess Server, bool IsHub, HttpClient Http, IProgressDisplay Progress);

/// <summary>
/// Runs one step: the open-loop schedule at one rate for warm-up + duration, then waits for the replies (up to the
/// timeout), then for the hub's queues to empty, so the next step starts clean; returns what was measured.
/// </summary>
internal static class StepRunner
{
    private static readonly string[] StageNames = ["ingress", "worker", "egress", "end_to_end"];
    private static long _nextBase = 1;

    public static async Task<StepResult> RunAsync(
        StepContext c, string scenario, string mode, double rate, IWorkload workload, bool search, CancellationToken cancellationToken,
        double? warmupSeconds = null, double? durationSeconds = null)
    {
        var o = c.Options;
        var warmup = warmupSeconds ?? o.Warmup;
        var seconds = durationSeconds ?? o.Duration;
        var timeout = TimeSpan.FromSeconds(o.Timeout);
        var frequency = Stopwatch.Frequency;
        var total = (int)Math.Ceiling(rate * (warmup + seconds));
        var start = Stopwatch.GetTimestamp() + frequency / 10;
        var warmupEnd = start + (long)(warmup * frequency);
        var measureEnd = warmupEnd + (long)(seconds * frequency);
        var recorder = new StepRecorder(NextBase(), total, start, warmupEnd, measureEnd);
        recorder.OnFirstReply = i =>
        {
            if (recorder.Conversations[i] is { } conversation)
            {
                workload.OnReplied(conversation);
            }
        };

        c.Fakes.BeginStep(recorder);
        c.Webhook.BeginStep();
        var label = string.Create(CultureInfo.InvariantCulture, $"{scenario} · {mode} · {rate:N0}/s{(search ? " (search)" : "")}");
        var task = c.Progress.Begin(label, total);

        StepRecorder? web = null;
        Task webSchedule = Task.CompletedTask;
        if (c.WebChat is { } webChat && c.WebQuestions is { } questions)
        {
            var webRate = Math.Min(100, rate * o.WebShare);
            var webTotal = (int)Math.Ceiling(webRate * (warmup + seconds));
            web = new StepRecorder(NextBase(), webTotal, start, warmupEnd, measureEnd);
            webChat.BeginStep(web);
            webSchedule = OpenLoopSchedule.RunAsync(start, webRate, webTotal,
                (i, t) => webChat.Issue(web, questions, o.MixModelShare, i, t), cancellationToken);
        }

        var metricsBefore = c.IsHub ? await MetricsSnapshot.ScrapeAsync(c.Http, c.Server.BaseAddress, cancellationToken) : MetricsSnapshot.Empty;
        var schedule = OpenLoopSchedule.RunAsync(start, rate, total,
            (i, t) => c.Webhook.Issue(recorder, workload.Next(recorder.BaseId + i), i, t), cancellationToken);

        // CPU over the measured window only.
        (TimeSpan Server, TimeSpan Self, TimeSpan Machine)? cpuStart = null, cpuEnd = null;
        MetricsSnapshot storageStart = MetricsSnapshot.Empty, storageEnd = MetricsSnapshot.Empty; // the storage counters, measured window only
        var connections = 0;
        var lastIntended = start + (long)((total - 1) * (frequency / rate));
        var deadline = lastIntended + (long)(timeout.TotalSeconds * frequency);
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (cpuStart is null && now >= warmupEnd)
            {
                cpuStart = (c.Server.CpuTime, MachineInfo.SelfCpu(), MachineInfo.MachineBusy());
                storageStart = c.IsHub ? await MetricsSnapshot.ScrapeAsync(c.Http, c.Server.BaseAddress, cancellationToken) : MetricsSnapshot.Empty;
            }

            if (cpuEnd is null && now >= measureEnd)
            {
                cpuEnd = (c.Server.CpuTime, MachineInfo.SelfCpu(), MachineInfo.MachineBusy());
                connections = MachineInfo.ConnectionsTo(c.Fakes.BaseAddress.Port);
                storageEnd = c.IsHub ? await MetricsSnapshot.ScrapeAsync(c.Http, c.Server.BaseAddress, cancellationToken) : MetricsSnapshot.Empty;
            }

            var issued = Volatile.Read(ref recorder.Issued);
            c.Progress.Update(task, issued, string.Create(CultureInfo.InvariantCulture,
                $"{label}: sent {issued:N0}, waiting {recorder.Outstanding:N0}"));
            if (schedule.IsCompleted && webSchedule.IsCompleted && cpuEnd is not null
                && ((recorder.Outstanding == 0 && (web?.Outstanding ?? 0) == 0) || now > deadline))
            {
                break;
            }

            await Task.Delay(100, cancellationToken);
        }

        await schedule;
        await webSchedule;
        c.Webhook.AbortOutstanding();
        var metricsAfter = c.IsHub ? await MetricsSnapshot.ScrapeAsync(c.Http, c.Server.BaseAddress, cancellationToken) : MetricsSnapshot.Empty;
        var result = new StepResult
        {
            Scenario = scenario,
            Mode = mode,
            OfferedRate = rate,
            Search = search,
            DurationSeconds = seconds,
            EndToEnd = StepStatistics.EndToEnd(recorder, timeout),
            Ack = StepStatistics.Ack(recorder, timeout),
            Throughput = StepStatistics.Throughput(recorder, timeout),
            ByKind = Enum.GetValues<MessageKind>()
                .Select(k => (k, s: StepStatistics.EndToEnd(recorder, timeout, k)))
                .Where(x => x.s.Count > 0)
                .ToDictionary(x => x.k.ToString(), x => x.s, StringComparer.Ordinal),
            WebChat = web is null ? null : StepStatistics.EndToEnd(web, timeout),
            WebChatSources = c.WebChat is { } wc ? new Dictionary<string, int>(wc.Sources, StringComparer.Ordinal) : new Dictionary<string, int>(),
            Errors = new Dictionary<string, int>(c.Webhook.Errors, StringComparer.Ordinal),
            Stages = c.IsHub ? [.. StageNames.Select(s => metricsAfter.Stage(metricsBefore, s))] : [],
            Cpu = Cores(cpuStart!.Value, cpuEnd!.Value, seconds),
            Fakes = new FakeStats(c.Fakes.Counters.SendMessage, c.Fakes.Counters.Edits, c.Fakes.Counters.ChatActions, c.Fakes.Counters.ModelCalls,
                c.Fakes.Counters.ModelMaxInFlight, c.Fakes.Counters.StaleReplies, recorder.DuplicateReplies, recorder.FallbackReplies),
            LoadAverage = MachineInfo.LoadAverage(),
            ConnectionsToFakes = connections,
            StorageCommitsPerSecond = (storageEnd.Sum("chathub_storage_commits_total") - storageStart.Sum("chathub_storage_commits_total")) / seconds,
            StorageFsyncsPerSecond = (storageEnd.Sum("chathub_storage_fsyncs_total") - storageStart.Sum("chathub_storage_fsyncs_total")) / seconds,
            StorageWritesPerSecond = (storageEnd.Sum("chathub_storage_batch_size_sum") - storageStart.Sum("chathub_storage_batch_size_sum")) / seconds,
            StorageWriterBusy = (storageEnd.Sum("chathub_storage_commit_duration_seconds_sum") - storageStart.Sum("chathub_storage_commit_duration_seconds_sum")) / seconds,
        };
        c.Progress.Complete(task, Summary(label, result));
        if (c.IsHub)
        {
            await WaitForEmptyQueuesAsync(c, cancellationToken);
        }

        c.Fakes.BeginStep(null);
        return result;
    }

    public static string Summary(string label, StepResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{label}: {r.Throughput:N0} msg/s, e2e p50 {Ms(r.EndToEnd.P50)} p99 {Ms(r.EndToEnd.P99)}, ≤100 ms {r.EndToEnd.WithinBudgetPercent:0.0}%, ")
        + string.Create(CultureInfo.InvariantCulture, $"errors {r.EndToEnd.Errors}, lost {r.EndToEnd.Lost}, cpu server {r.Cpu.Server:0.00} loadgen {r.Cpu.LoadGen:0.00} other {r.Cpu.Other:0.00}")
        + (r.Sustained ? "" : "  [not sustained]");

    public static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "lost" : ms < 10 ? ms.ToString("0.00", CultureInfo.InvariantCulture) : ms.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The first id of the next step's messages. Telegram's update_id and message_id are 32-bit (Telegram.Bot reads
    /// them as int, and the hub refuses a larger one with 400): with 100,000,000 ids a step, the 21st step of a full
    /// run crossed int.MaxValue and the memory hub's whole Zipf mix was refused as malformed JSON. 10,000,000 ids a
    /// step leave room for 200 steps of up to 10,000,000 messages each; past that the run stops instead of measuring 400s.
    /// </summary>
    private static long NextBase()
    {
        const long idsPerStep = 10_000_000L;
        var next = Interlocked.Increment(ref _nextBase) * idsPerStep;
        return next + idsPerStep <= int.MaxValue
            ? next
            : throw new InvalidOperationException("The run has used up the 32-bit Telegram message ids (more than 200 steps).");
    }

    private static CpuUse Cores((TimeSpan Server, TimeSpan Self, TimeSpan Machine) a, (TimeSpan Server, TimeSpan Self, TimeSpan Machine) b, double seconds) =>
        new((b.Server - a.Server).TotalSeconds / seconds, (b.Self - a.Self).TotalSeconds / seconds, (b.Machine - a.Machine).TotalSeconds / seconds);

    /// <summary>After an overloaded step the hub may still hold a backlog; the next step must not pay for it.</summary>
    private static async Task WaitForEmptyQueuesAsync(StepContext c, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (Stopwatch.GetTimestamp() < until)
        {
            var metrics = await MetricsSnapshot.ScrapeAsync(c.Http, c.Server.BaseAddress, cancellationToken);
            if (metrics.Sum("chathub_bus_queue_depth") == 0 && c.Webhook.InFlight == 0)
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        await Task.Delay(300, cancellationToken); // stragglers (typing refreshes, egress in flight)
    }
}
