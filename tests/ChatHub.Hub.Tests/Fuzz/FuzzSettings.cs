using System.Globalization;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// The fuzz suite's knobs, from the environment so that a CI failure can be replayed exactly:
/// <c>CHATHUB_FUZZ_SEED</c> (master seed; default fixed, so CI runs are deterministic),
/// <c>CHATHUB_FUZZ_CASES</c> (multiplier of the per-adapter case counts, default 1),
/// <c>CHATHUB_FUZZ_CASE</c> (run only that case index: the replay of one failure).
/// </summary>
public static class FuzzSettings
{
    public const int DefaultSeed = 20_261_121;

    public static int MasterSeed { get; } = Read("CHATHUB_FUZZ_SEED") ?? DefaultSeed;

    public static double Scale { get; } = double.TryParse(Environment.GetEnvironmentVariable("CHATHUB_FUZZ_CASES"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;

    public static int? OnlyCase { get; } = Read("CHATHUB_FUZZ_CASE");

    /// <summary>
    /// The case indexes of a phase whose default is <paramref name="count"/> cases numbered from <paramref name="first"/>
    /// (scaled by <see cref="Scale"/>); with <see cref="OnlyCase"/>, that case alone, in the phase it belongs to.
    /// </summary>
    public static IEnumerable<int> Cases(int count, int first = 0)
    {
        var scaled = Math.Max(1, (int)(count * Scale));
        if (OnlyCase is { } only)
        {
            return only >= first && only < first + scaled ? [only] : [];
        }

        return Enumerable.Range(first, scaled);
    }

    /// <summary>The seed of case <paramref name="index"/> of suite <paramref name="suite"/> (stable across runs and machines).</summary>
    public static int SeedFor(string suite, int index)
    {
        unchecked
        {
            var hash = MasterSeed;
            foreach (var c in suite)
            {
                hash = (hash * 31) + c;
            }

            return (hash * 1_000_003) + index;
        }
    }

    public static string Replay(string suite, string testFilter, FuzzCase fuzzCase) => string.Create(
        CultureInfo.InvariantCulture,
        $"replay: CHATHUB_FUZZ_SEED={MasterSeed} CHATHUB_FUZZ_CASE={fuzzCase.Index} dotnet test tests/ChatHub.Hub.Tests -c Release --filter \"FullyQualifiedName~{testFilter}\" ({suite})");

    private static int? Read(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
