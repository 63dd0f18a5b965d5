using ChatHub.Inference.HotQuestions;
using OptionsFactory = Microsoft.Extensions.Options.Options;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>A cache over one in-memory tier, a manual clock and a private meter factory.</summary>
internal sealed class HotQuestionCacheHarness : IDisposable
{
    public HotQuestionCacheHarness(HotQuestionCacheOptions? options = null)
    {
        Options = options ?? new HotQuestionCacheOptions();
        Store = new MemoryHotQuestionStore(OptionsFactory.Create(Options), Time);
        Cache = new HotQuestionCache([Store], OptionsFactory.Create(Options), Meters);
        Counters = new CounterRecorder(Meters);
    }

    public HotQuestionCacheOptions Options { get; }

    public ManualTimeProvider Time { get; } = new();

    public TestMeterFactory Meters { get; } = new();

    public CounterRecorder Counters { get; }

    public MemoryHotQuestionStore Store { get; }

    public HotQuestionCache Cache { get; }

    public void Dispose()
    {
        Counters.Dispose();
        Meters.Dispose();
    }
}
