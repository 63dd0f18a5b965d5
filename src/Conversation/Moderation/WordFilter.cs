using System.Globalization;
using System.Text;

namespace ChatHub.Conversation.Moderation;

/// <summary>
/// Finds listed words and phrases in text the way people disguise them: any case, accents, look-alike letters of
/// other scripts, compatibility forms, digits/symbols as letters ("sp4m", "$pam"), and spaced-out spellings
/// ("s p a m", "s.p.a.m"). Whole words only, so "class" never matches "ass". Immutable; shared between threads.
/// </summary>
public sealed class WordFilter
{
    private readonly AhoCorasick _automaton;

    private WordFilter(AhoCorasick automaton, int count)
    {
        _automaton = automaton;
        Count = count;
    }

    public static WordFilter Empty { get; } = Build([]);

    /// <summary>The number of listed entries (words and phrases).</summary>
    public int Count { get; }

    /// <summary>Builds a filter from words or phrases (blank lines and lines starting with # are ignored).</summary>
    public static WordFilter Build(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0 || entry.StartsWith('#'))
            {
                continue;
            }

            count++;
            foreach (var symbols in new[] { false, true })
            {
                var scan = ScanText.Create(entry, symbols, mergeSpacedLetters: false);
                if (scan.Text.Trim().Length > 0)
                {
                    patterns.Add(scan.Text); // " word " or " two words ": whole words only
                }
            }
        }

        return new WordFilter(new AhoCorasick([.. patterns]), count);
    }

    /// <summary>The spans (start, length) of the original text that match, merged and in order.</summary>
    public IReadOnlyList<(int Start, int Length)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Count == 0 || text.Length == 0)
        {
            return [];
        }

        var hits = new List<(int Start, int End)>();
        foreach (var symbols in new[] { false, true })
        {
            foreach (var merge in new[] { false, true })
            {
                var scan = ScanText.Create(text, symbols, merge);
                foreach (var (start, length, _) in _automaton.FindAll(scan.Text))
                {
                    hits.Add(scan.OriginalSpan(start, length));
                }
            }
        }

        hits.Sort();
        var merged = new List<(int Start, int Length)>();
        foreach (var (start, end) in hits)
        {
            if (merged.Count > 0 && start <= merged[^1].Start + merged[^1].Length)
            {
                var last = merged[^1];
                merged[^1] = (last.Start, Math.Max(last.Start + last.Length, end) - last.Start);
            }
            else
            {
                merged.Add((start, end - start));
            }
        }

        return merged;
    }

    public bool Matches(string text) => Find(text).Count > 0;

    /// <summary>The text with every match replaced by asterisks (one per original character).</summary>
    public string Mask(string text)
    {
        var spans = Find(text);
        if (spans.Count == 0)
        {
            return text;
        }

        var masked = new StringBuilder(text);
        foreach (var (start, length) in spans)
        {
            for (var i = start; i < start + length; i++)
            {
                if (!char.IsWhiteSpace(masked[i]))
                {
                    masked[i] = '*';
                }
            }
        }

        return masked.ToString();
    }

    /// <summary>
    /// A normalised reading of a text: folded words separated by single spaces, framed by spaces, with each
    /// character mapped back to the original span it came from.
    /// </summary>
    private sealed class ScanText
    {
        private readonly List<(int Start, int End)> _map = [];
        private readonly StringBuilder _text = new(" ");

        public string Text => _text.ToString();

        public static ScanText Create(string text, bool symbolsAsLetters, bool mergeSpacedLetters)
        {
            var words = new List<(string Word, int Start, int End)>();
            var current = new StringBuilder();
            int wordStart = -1, wordEnd = -1;
            var enumerator = StringInfo.GetTextElementEnumerator(text);
            while (enumerator.MoveNext())
            {
                var element = (string)enumerator.Current;
                var index = enumerator.ElementIndex;
                var folded = LookalikeFolding.Fold(element, symbolsAsLetters);
                if (folded.Length == 0)
                {
                    continue; // zero-width: neither letter nor separator
                }

                if (folded.All(LookalikeFolding.IsWordChar))
                {
                    if (wordStart < 0)
                    {
                        wordStart = index;
                    }

                    current.Append(folded);
                    wordEnd = index + element.Length;
                }
                else if (wordStart >= 0)
                {
                    words.Add((current.ToString(), wordStart, wordEnd));
                    current.Clear();
                    wordStart = -1;
                }
            }

            if (wordStart >= 0)
            {
                words.Add((current.ToString(), wordStart, wordEnd));
            }

            var scan = new ScanText();
            scan._map.Add((-1, -1));
            for (var i = 0; i < words.Count; i++)
            {
                var (word, start, end) = words[i];
                // "s p a m": a run of single letters is read as one word.
                var spacedOut = mergeSpacedLetters && word.Length == 1;
                while (spacedOut && i + 1 < words.Count && words[i + 1].Word.Length == 1)
                {
                    i++;
                    word += words[i].Word;
                    end = words[i].End;
                }

                foreach (var c in word)
                {
                    scan._text.Append(c);
                    scan._map.Add((start, end));
                }

                scan._text.Append(' ');
                scan._map.Add((-1, -1));
            }

            return scan;
        }

        public (int Start, int End) OriginalSpan(int start, int length)
        {
            int first = int.MaxValue, last = -1;
            for (var i = start; i < start + length; i++)
            {
                var (s, e) = _map[i];
                if (s >= 0)
                {
                    first = Math.Min(first, s);
                    last = Math.Max(last, e);
                }
            }

            return (first, last);
        }
    }
}
