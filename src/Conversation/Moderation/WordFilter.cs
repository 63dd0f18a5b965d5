using System.Collections.Concurrent;
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
    internal const int MemoCapacity = 4096;
    internal const int MemoMaxLength = 8192;

    private readonly AhoCorasick _automaton;
    private readonly ConcurrentDictionary<string, string?> _memo = new(StringComparer.Ordinal);

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
                var scan = Words.Segment(entry, symbols).Read(mergeSpacedLetters: false);
                if (scan.Text.Trim().Length > 0)
                {
                    patterns.Add(scan.Text); // " word " or " two words ": whole words only
                }
            }
        }

        return new WordFilter(new AhoCorasick([.. patterns]), count);
    }

    /// <summary>The spans (start, length) of the original text that match, merged and in order.</summary>
    public IReadOnlyList<(int Start, int Length)> Find(string text) => Find(text, asciiFastPath: true);

    /// <summary>
    /// <see cref="Find(string)"/>; <paramref name="asciiFastPath"/> false forces the grapheme-cluster reading even
    /// for ASCII text (tests compare the two).
    /// </summary>
    internal IReadOnlyList<(int Start, int Length)> Find(string text, bool asciiFastPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Count == 0 || text.Length == 0)
        {
            return [];
        }

        List<(int Start, int End)>? hits = null;
        var ascii = asciiFastPath && System.Text.Ascii.IsValid(text);
        Words? plain = null;
        foreach (var symbols in new[] { false, true })
        {
            var words = ascii ? Words.SegmentAscii(text, symbols) : Words.Segment(text, symbols);
            if (symbols && words.SameAs(plain!))
            {
                break; // no digit or symbol read as a letter: the same words, the same matches
            }

            plain = words;
            foreach (var merge in new[] { false, true })
            {
                if (merge && !words.HasSpacedLetters)
                {
                    break; // nothing to merge: the same reading again
                }

                var scan = words.Read(merge);
                foreach (var (start, length, _) in _automaton.FindAll(scan.Text))
                {
                    (hits ??= []).Add(scan.OriginalSpan(start, length));
                }
            }
        }

        if (hits is null)
        {
            return [];
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

    /// <summary>
    /// <see cref="Mask"/>, remembered per text for this filter (a reload builds a new filter, so the memory goes with
    /// it): replies from the cache and the knowledge base repeat. Texts longer than <see cref="MemoMaxLength"/> are
    /// not remembered; at <see cref="MemoCapacity"/> texts the memory starts over. Returns <paramref name="text"/>
    /// itself when nothing was masked.
    /// </summary>
    public string MaskMemoized(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Count == 0 || text.Length > MemoMaxLength)
        {
            return Count == 0 ? text : Mask(text);
        }

        if (_memo.TryGetValue(text, out var known))
        {
            return known ?? text;
        }

        var masked = Mask(text);
        if (_memo.Count >= MemoCapacity)
        {
            _memo.Clear();
        }

        _memo.TryAdd(text, ReferenceEquals(masked, text) ? null : masked);
        return masked;
    }

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
    /// The words of a text in one reading (<c>symbols</c>: digits and symbols as letters or not): folded letters,
    /// each word with the original span it came from. Segmented once; both readings of spaced-out letters (as they
    /// are, and "s p a m" merged into one word) are derived from it.
    /// </summary>
    private sealed class Words
    {
        private readonly StringBuilder _letters = new();
        private readonly List<(int LetterStart, int LetterLength, int Start, int End)> _words = [];
        private int _currentLetterStart;

        public bool HasSpacedLetters { get; private set; }

        /// <summary>Grapheme clusters, each folded (<see cref="LookalikeFolding.Fold"/>): any text.</summary>
        public static Words Segment(string text, bool symbolsAsLetters)
        {
            var words = new Words();
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
                    words.Letters(ref wordStart, index, folded.AsSpan());
                    wordEnd = index + element.Length;
                }
                else if (wordStart >= 0)
                {
                    words.EndWord(ref wordStart, wordEnd);
                }
            }

            if (wordStart >= 0)
            {
                words.EndWord(ref wordStart, wordEnd);
            }

            return words;
        }

        /// <summary>
        /// The same words for ASCII text without grapheme enumeration: every ASCII character is a cluster of its own
        /// (CR LF is one, but both are separators either way), compatibility normalisation leaves it as it is and
        /// it folds to one character (<see cref="LookalikeFolding.FoldAscii"/>).
        /// </summary>
        public static Words SegmentAscii(string text, bool symbolsAsLetters)
        {
            var words = new Words();
            var wordStart = -1;
            for (var i = 0; i < text.Length; i++)
            {
                var folded = LookalikeFolding.FoldAscii(text[i], symbolsAsLetters);
                if (LookalikeFolding.IsWordChar(folded))
                {
                    words.Letters(ref wordStart, i, new ReadOnlySpan<char>(in folded));
                }
                else if (wordStart >= 0)
                {
                    words.EndWord(ref wordStart, i);
                }
            }

            if (wordStart >= 0)
            {
                words.EndWord(ref wordStart, text.Length);
            }

            return words;
        }

        private void Letters(ref int wordStart, int index, ReadOnlySpan<char> folded)
        {
            if (wordStart < 0)
            {
                wordStart = index;
                _currentLetterStart = _letters.Length;
            }

            _letters.Append(folded);
        }

        private void EndWord(ref int wordStart, int wordEnd)
        {
            var length = _letters.Length - _currentLetterStart;
            if (length == 1 && _words.Count > 0 && _words[^1].LetterLength == 1)
            {
                HasSpacedLetters = true;
            }

            _words.Add((_currentLetterStart, length, wordStart, wordEnd));
            wordStart = -1;
        }

        /// <summary>True when both readings have the same words (same letters, same spans).</summary>
        public bool SameAs(Words other)
        {
            if (_words.Count != other._words.Count || _letters.Length != other._letters.Length)
            {
                return false;
            }

            for (var i = 0; i < _words.Count; i++)
            {
                if (_words[i] != other._words[i])
                {
                    return false;
                }
            }

            for (var i = 0; i < _letters.Length; i++)
            {
                if (_letters[i] != other._letters[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The scanned reading: folded words separated by single spaces, framed by spaces; with
        /// <paramref name="mergeSpacedLetters"/> a run of single letters ("s p a m") is read as one word.
        /// </summary>
        public ScanText Read(bool mergeSpacedLetters)
        {
            var text = new StringBuilder(_letters.Length + _words.Count + 1).Append(' ');
            var map = new List<(int Start, int End)>(_letters.Length + _words.Count + 1) { (-1, -1) };
            for (var i = 0; i < _words.Count; i++)
            {
                var (letterStart, letterLength, start, end) = _words[i];
                var last = i;
                // "s p a m": a run of single letters is read as one word.
                if (mergeSpacedLetters && letterLength == 1)
                {
                    while (last + 1 < _words.Count && _words[last + 1].LetterLength == 1)
                    {
                        last++;
                    }
                }

                for (var w = i; w <= last; w++)
                {
                    var word = _words[w];
                    var span = w == i && last == i ? (start, end) : (start, _words[last].End);
                    for (var c = word.LetterStart; c < word.LetterStart + word.LetterLength; c++)
                    {
                        text.Append(_letters[c]);
                        map.Add(span);
                    }
                }

                i = last;
                text.Append(' ');
                map.Add((-1, -1));
            }

            return new ScanText(text.ToString(), map);
        }
    }

    /// <summary>
    /// A normalised reading of a text: folded words separated by single spaces, framed by spaces, with each
    /// character mapped back to the original span it came from.
    /// </summary>
    private sealed class ScanText(string text, List<(int Start, int End)> map)
    {
        public string Text { get; } = text;

        public (int Start, int End) OriginalSpan(int start, int length)
        {
            int first = int.MaxValue, last = -1;
            for (var i = start; i < start + length; i++)
            {
                var (s, e) = map[i];
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
