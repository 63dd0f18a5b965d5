using ChatHub.LoadGen.Load;

namespace ChatHub.LoadGen;

/// <summary>Everything one benchmark run measured (written as JSON next to the report).</summary>
internal sealed record BenchmarkResults
{
    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public string? Label { get; init; }

    /// <summary>The command line that produced these results.</summary>
    public string? Command { get; init; }

    /// <summary>The hub's git commit (HEAD of the repository the load generator ran in), for the record.</summary>
    public string? Commit { get; init; }

    public required MachineDescription Machine { get; init; }

    public required SettingsDescription Settings { get; init; }

    public required IReadOnlyList<StepResult> Steps { get; init; }

    public required IReadOnlyList<ModeSummary> Modes { get; init; }

    public IEnumerable<StepResult> StepsOf(string scenario, string mode) =>
        Steps.Where(s => s.Scenario == scenario && s.Mode == mode).OrderBy(s => s.OfferedRate);

    public ModeSummary? Mode(string scenario, string mode) => Modes.FirstOrDefault(m => m.Scenario == scenario && m.Mode == mode);
}

internal sealed record MachineDescription(int Cores, string Cpu, string Memory, string Os, string Runtime, string LoadBefore, string LoadAfter);

internal sealed record SettingsDescription(
    double DurationSeconds, double WarmupSeconds, double TimeoutSeconds, int Connections, int ModelDelayMs, double MixModelShare,
    double ZipfExponent, int WebClients, double WebShare, int Partitions, int TelegramGlobalPerSecond, string[] HubArgs,
    int KnowledgePhrasings, int MixVocabulary);

/// <summary>A mode's headline: the highest offered rate it sustained, and the most it ever completed per second.</summary>
internal sealed record ModeSummary(
    string Scenario, string Mode, int Partitions, double SustainedRate, double SustainedThroughput, double PeakThroughput, double ServerMemoryMiB,
    double[] SkippedRates);
