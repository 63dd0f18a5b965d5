using System.Collections.Frozen;

namespace ChatHub.Inference.Knowledge;

/// <summary>
/// Turns text into retrieval terms: NFKC, split on anything that is not a letter or digit, invariant lowercase,
/// drop a small English stop-word list, then a light plural/suffix stemmer (<see cref="LightStemmer"/>).
/// A camel-case word ("BootstrapServers") yields the whole word and its parts, so configuration keys match
/// questions written with spaces while "ChatHub" still matches "chathub".
/// </summary>
public static class KnowledgeTokenizer
{
    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "could",
        "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having", "he", "her", "here", "him",
        "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "my", "myself", "of",
        "on", "or", "our", "ours", "please", "she", "should", "so", "some", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "very", "was", "we",
        "were", "what", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "yourself",
        // Fragments left by contractions once the apostrophe splits them ("what's", "don't", "I'm").
        "s", "t", "d", "ll", "m", "re", "ve",
        // Conversational filler: rare in an FAQ, so it would otherwise weigh as much as a real unknown term.
        "actually", "also", "basically", "exactly", "hello", "hey", "hi", "know", "like", "maybe", "need", "ok",
        "okay", "really", "something", "tell", "thank", "thanks", "thing", "things", "want",
    ]);

    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = UnicodeText.ToNfkc(text);
        var terms = new List<string>();
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var isWordChar = i < normalized.Length && IsWordChar(normalized, i);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                AddWord(terms, normalized[start..i]);
                start = -1;
            }
        }

        return terms;
    }

    private static bool IsWordChar(string text, int index)
    {
        var c = text[index];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        // Combining marks belong to the letter before them; surrogate pairs cover letters outside the BMP.
        var category = char.GetUnicodeCategory(c);
        return category is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark
            || (char.IsHighSurrogate(c) && char.IsLetterOrDigit(text, index))
            || (char.IsLowSurrogate(c) && index > 0 && char.IsLetterOrDigit(text, index - 1));
    }

    private static void AddWord(List<string> terms, string word)
    {
        AddTerm(terms, word.ToLowerInvariant());
        var partStart = 0;
        for (var i = 1; i < word.Length; i++)
        {
            // A part starts at each lower-to-upper step: "chatHub", "BootstrapServers"; none in "GGUF".
            if (char.IsUpper(word[i]) && char.IsLower(word[i - 1]))
            {
                AddTerm(terms, word[partStart..i].ToLowerInvariant());
                partStart = i;
            }
        }

        if (partStart > 0)
        {
            AddTerm(terms, word[partStart..].ToLowerInvariant());
        }
    }

    private static void AddTerm(List<string> terms, string word)
    {
        if (StopWords.Contains(word))
        {
            return;
        }

        var stem = LightStemmer.Stem(word);
        if (stem.Length > 0)
        {
            terms.Add(stem);
        }
    }
}
