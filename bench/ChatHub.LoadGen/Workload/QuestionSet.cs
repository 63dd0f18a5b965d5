using System.Text.Json;

namespace ChatHub.LoadGen.Workload;

/// <summary>
/// The questions people ask, read from the hub's knowledge base (content/knowledge.md: each <c>## Question</c>
/// heading and its <c>Also:</c> phrasings), ranked in a fixed random order and drawn with a Zipf distribution, so a
/// few questions are hot and a long tail is rare. Texts are kept JSON-encoded, ready to be put into a body.
/// </summary>
internal sealed class QuestionSet
{
    private static readonly string[] Prefixes = ["", "hi, ", "hello! ", "quick question: "];

    private readonly string[] _encoded;
    private readonly double[] _cumulative;

    private QuestionSet(List<string> questions, double exponent, Random random)
    {
        // Rank order: a fixed shuffle, so the hottest question is not always the first heading.
        var ranked = questions.OrderBy(_ => random.Next()).ToArray();
        _encoded = [.. ranked.Select(Encode)];
        Texts = ranked;
        _cumulative = new double[ranked.Length];
        var sum = 0.0;
        for (var k = 0; k < ranked.Length; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }

        for (var k = 0; k < _cumulative.Length; k++)
        {
            _cumulative[k] /= sum;
        }
    }

    /// <summary>The phrasings, hottest first.</summary>
    public IReadOnlyList<string> Texts { get; }

    public int Count => _encoded.Length;

    /// <summary>The knowledge base's own phrasings (all warmed into the hub's cache at start).</summary>
    public static QuestionSet Exact(IReadOnlyList<string> phrasings, double exponent, int seed) =>
        new([.. phrasings], exponent, new Random(seed));

    /// <summary>The phrasings plus greeting-prefixed variants (new cache keys, answered by the knowledge base, then cached).</summary>
    public static QuestionSet WithVariants(IReadOnlyList<string> phrasings, double exponent, int seed) =>
        new([.. phrasings.SelectMany(p => Prefixes.Select(prefix => prefix.Length == 0 ? p : prefix + char.ToLowerInvariant(p[0]) + p[1..]))],
            exponent, new Random(seed));

    /// <summary>Every <c>## Question</c> heading and <c>Also:</c> line of the knowledge base file.</summary>
    public static List<string> ReadPhrasings(string knowledgePath)
    {
        var phrasings = new List<string>();
        var inEntryHeader = false;
        foreach (var raw in File.ReadLines(knowledgePath))
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                phrasings.Add(line[3..].Trim());
                inEntryHeader = true;
            }
            else if (inEntryHeader && line.StartsWith("Also:", StringComparison.Ordinal))
            {
                phrasings.Add(line[5..].Trim());
            }
            else
            {
                inEntryHeader = false;
            }
        }

        if (phrasings.Count == 0)
        {
            throw new InvalidOperationException($"No questions in {knowledgePath}.");
        }

        return phrasings;
    }

    /// <summary>A Zipf-distributed draw: the JSON-encoded text (with quotes) of the question at the drawn rank.</summary>
    public string Draw(Random random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        if (index < 0)
        {
            index = Math.Min(~index, _cumulative.Length - 1);
        }

        return _encoded[index];
    }

    /// <summary>A question the knowledge base does not know, unique so that no cache ever answers it: model-bound.</summary>
    public static string ModelBound(long id) =>
        Encode($"Compose a limerick about parcel {id} and a purple giraffe");

    public static string Encode(string text) => JsonSerializer.Serialize(text, LoadGenJson.Default.String);
}
