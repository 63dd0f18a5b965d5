namespace ChatHub.Inference.Knowledge;

/// <summary>
/// An immutable BM25 index over knowledge-base entries, with two weighted fields (a simplified BM25F): the question
/// field holds the heading and its <c>Also:</c> phrasings, the answer field the body. Thread-safe for searching.
/// Confidence is the share of the query's IDF mass an entry explains: a term found in the question field counts in
/// full, a term found only in the answer counts AnswerWeight/QuestionWeight of its IDF (answers are long and mention
/// much), and a term the index has never seen counts in the denominator at the largest IDF.
/// </summary>
public sealed class Bm25Index
{
    private readonly IReadOnlyList<KnowledgeEntry> _entries;
    private readonly Bm25Parameters _parameters;
    private readonly Document[] _documents;
    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, int> _exactPhrasings;
    private readonly double _averageLength;
    private readonly double _unknownTermIdf;
    private readonly double _answerOnlyCredit;

    private Bm25Index(IReadOnlyList<KnowledgeEntry> entries, Bm25Parameters parameters)
    {
        _entries = entries;
        _parameters = parameters;
        _documents = new Document[entries.Count];
        _exactPhrasings = new Dictionary<string, int>(StringComparer.Ordinal);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var document = Document.Create(entries[i], parameters);
            _documents[i] = document;
            foreach (var term in document.Terms.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }

            foreach (var phrasing in entries[i].Phrasings)
            {
                var key = ExactKey(phrasing);
                if (key.Length > 0)
                {
                    _exactPhrasings.TryAdd(key, i);
                }
            }
        }

        var count = entries.Count;
        _idf = documentFrequency.ToDictionary(pair => pair.Key, pair => Idf(count, pair.Value), StringComparer.Ordinal);
        _unknownTermIdf = Idf(count, 0);
        _answerOnlyCredit = Math.Clamp(parameters.AnswerWeight / parameters.QuestionWeight, 0.0, 1.0);
        _averageLength = count == 0 ? 1 : Math.Max(_documents.Average(document => document.Length), 1e-9);
    }

    public int DocumentCount => _documents.Length;

    public int TermCount => _idf.Count;

    public static Bm25Index Build(IReadOnlyList<KnowledgeEntry> entries, Bm25Parameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new Bm25Index(entries, parameters ?? Bm25Parameters.Default);
    }

    /// <summary>The best entries for <paramref name="query"/>, best first; only entries sharing a term with it.</summary>
    public IReadOnlyList<KnowledgeMatch> Search(string query, int maxResults = 3)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxResults);
        var tokens = KnowledgeTokenizer.Tokenize(query);
        var terms = tokens.Distinct(StringComparer.Ordinal).ToArray();
        if (terms.Length == 0)
        {
            return [];
        }

        var exact = _exactPhrasings.TryGetValue(ExactKey(query), out var exactIndex) ? exactIndex : -1;
        var queryMass = terms.Sum(term => _idf.GetValueOrDefault(term, _unknownTermIdf));
        var matches = new List<KnowledgeMatch>();
        for (var i = 0; i < _documents.Length; i++)
        {
            var (score, matchedMass) = Score(_documents[i], terms);
            if (score > 0 || i == exact)
            {
                var confidence = i == exact ? 1.0 : Math.Clamp(matchedMass / queryMass, 0.0, 1.0);
                matches.Add(new KnowledgeMatch(_entries[i], i, score, confidence));
            }
        }

        return matches
            .OrderByDescending(match => match.Index == exact)
            .ThenByDescending(match => match.Score)
            .ThenBy(match => match.Index)
            .Take(maxResults)
            .ToArray();
    }

    private (double Score, double MatchedMass) Score(Document document, string[] terms)
    {
        var k1 = _parameters.K1;
        var lengthNorm = 1 - _parameters.B + (_parameters.B * document.Length / _averageLength);
        double score = 0, matchedMass = 0;
        foreach (var term in terms)
        {
            if (!document.Terms.TryGetValue(term, out var posting))
            {
                continue;
            }

            var idf = _idf[term];
            matchedMass += idf * (posting.InQuestion ? 1.0 : _answerOnlyCredit);
            score += idf * posting.Frequency * (k1 + 1) / (posting.Frequency + (k1 * lengthNorm));
        }

        return (score, matchedMass);
    }

    // Lowercased first so that camel-case parts do not take part: "ChatHub" and "chathub" give the same key.
    private static string ExactKey(string text) => string.Join(' ', KnowledgeTokenizer.Tokenize(text.ToLowerInvariant()));

    // Lucene's non-negative BM25 IDF; an unseen term (df = 0) gets the largest value.
    private static double Idf(int documentCount, int documentFrequency) =>
        Math.Log(1 + ((documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    private readonly record struct Posting(double Frequency, bool InQuestion);

    private sealed record Document(Dictionary<string, Posting> Terms, double Length)
    {
        public static Document Create(KnowledgeEntry entry, Bm25Parameters parameters)
        {
            var terms = new Dictionary<string, Posting>(StringComparer.Ordinal);
            var length = 0.0;
            foreach (var phrasing in entry.Phrasings)
            {
                length += AddField(terms, phrasing, parameters.QuestionWeight, inQuestion: true);
            }

            length += AddField(terms, entry.Answer, parameters.AnswerWeight, inQuestion: false);
            return new Document(terms, length);
        }

        private static double AddField(Dictionary<string, Posting> terms, string text, double weight, bool inQuestion)
        {
            var tokens = KnowledgeTokenizer.Tokenize(text);
            foreach (var token in tokens)
            {
                var posting = terms.GetValueOrDefault(token);
                terms[token] = new Posting(posting.Frequency + weight, posting.InQuestion || inQuestion);
            }

            return tokens.Count * weight;
        }
    }
}
