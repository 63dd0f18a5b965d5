using ChatHub.LoadGen.Hosting;

namespace ChatHub.LoadGen.Load;

/// <summary>The outcome of one step: one mode at one offered rate, over the measured window.</summary>
internal sealed record StepResult
{
    public required string Scenario { get; init; }

    public required string Mode { get; init; }

    public required double OfferedRate { get; init; }

    public bool Search { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Telegram webhook messages: end to end (intended send → reply at the fake Bot API, or → 200 for the ceiling).</summary>
    public required LatencyStats EndToEnd { get; init; }

    /// <summary>Intended send → webhook 200.</summary>
    public required LatencyStats Ack { get; init; }

    /// <summary>Replies received during the measured window, per second.</summary>
    public required double Throughput { get; init; }

    /// <summary>End to end per message kind (first turn, follow-up, model).</summary>
    public IReadOnlyDictionary<string, LatencyStats> ByKind { get; init; } = new Dictionary<string, LatencyStats>();

    public LatencyStats? WebChat { get; init; }

    public IReadOnlyDictionary<string, int> WebChatSources { get; init; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> Errors { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<StageSummary> Stages { get; init; } = [];

    public required CpuUse Cpu { get; init; }

    public required FakeStats Fakes { get; init; }

    public required string LoadAverage { get; init; }

    /// <summary>Connections the hub held open to the fake Bot API and model at the end of the measured window.</summary>
    public int ConnectionsToFakes { get; init; }

    /// <summary>The hub's storage commits per second during the step (<c>chathub_storage_commits_total</c>; 0 with memory).</summary>
    public double StorageCommitsPerSecond { get; init; }

    /// <summary>Of those, synced to disk per second (<c>chathub_storage_fsyncs_total</c>: every commit with Storage:Durability=Full).</summary>
    public double StorageFsyncsPerSecond { get; init; }

    /// <summary>Writes (queued store and inbox operations) committed per second (the sum of <c>chathub_storage_batch_size</c>).</summary>
    public double StorageWritesPerSecond { get; init; }

    /// <summary>Share of the time the storage's writer thread spent running and committing batches (<c>chathub_storage_commit_duration_seconds</c>).</summary>
    public double StorageWriterBusy { get; init; }

    /// <summary>Kept up: ≤ 1 % errors and lost, ≥ 95 % of the offered rate completed, p99 ≤ 1 s.</summary>
    public bool Sustained => EndToEnd.FailureRatio <= 0.01 && Throughput >= 0.95 * OfferedRate && EndToEnd.P99 <= 1000;
}

/// <summary>Latency over the measured messages, in ms; a message without a reply within the timeout counts as infinite.</summary>
internal sealed record LatencyStats(
    int Count, int Completed, int Errors, int Lost, double P50, double P95, double P99, double P999, double Max, double Mean,
    double WithinBudgetPercent)
{
    public double FailureRatio => Count == 0 ? 0 : (Errors + Lost) / (double)Count;

    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>CPU cores used during the measured window: the server under test, the load generator, the whole machine.</summary>
internal sealed record CpuUse(double Server, double LoadGen, double Machine)
{
    /// <summary>Everything else on the machine (builds, tests of other engineers): noise.</summary>
    public double Other => Math.Max(0, Machine - Server - LoadGen);
}

/// <summary>What the fakes saw in the step.</summary>
internal sealed record FakeStats(int SendMessage, int Edits, int ChatActions, int ModelCalls, int ModelMaxInFlight, int StaleReplies, int DuplicateReplies, int FallbackReplies);
