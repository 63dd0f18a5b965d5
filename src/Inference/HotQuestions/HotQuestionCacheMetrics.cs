using System.Diagnostics.Metrics;

namespace ChatHub.Inference.HotQuestions;

/// <summary>The cache's counters on the <see cref="InferenceTelemetry.MeterName"/> meter, tagged with the tier (<c>level</c>).</summary>
internal sealed class HotQuestionCacheMetrics
{
    public const string HitsName = "chathub.cache.hits";
    public const string MissesName = "chathub.cache.misses";
    public const string LevelTag = "level";
    public const string L1 = "l1";
    public const string L2 = "l2";

    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;

    public HotQuestionCacheMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(InferenceTelemetry.MeterName);
        _hits = meter.CreateCounter<long>(HitsName, unit: "{lookup}", description: "Hot-question cache lookups answered by the tier.");
        _misses = meter.CreateCounter<long>(MissesName, unit: "{lookup}", description: "Hot-question cache lookups the tier could not answer.");
    }

    public void Hit(string level) => _hits.Add(1, new KeyValuePair<string, object?>(LevelTag, level));

    public void Miss(string level) => _misses.Add(1, new KeyValuePair<string, object?>(LevelTag, level));
}
