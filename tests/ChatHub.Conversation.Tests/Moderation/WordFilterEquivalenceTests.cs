using System.Globalization;
using System.Text;
using ChatHub.Conversation.Moderation;

namespace ChatHub.Conversation.Tests.Moderation;

/// <summary>
/// Property-style: over thousands of seeded random texts (ASCII and not), the ASCII fast path, the grapheme path and
/// a reference copy of the original algorithm (four readings, each segmented from scratch) find the same spans.
/// </summary>
public sealed class WordFilterEquivalenceTests
{
    private static readonly string[] Entries = ["spam", "free crypto", "ass", "bad word", "scam", "x", "fi", "s0s"];
    private static readonly WordFilter Filter = WordFilter.Build(Entries);
    private static readonly AhoCorasick ReferenceAutomaton = BuildReference(Entries);

    // Pieces texts are made of: listed words and disguises, ASCII noise, separators, and non-ASCII material
    // (accents, combining marks, look-alikes, fullwidth, ligatures, zero-width, emoji, CR LF, a lone surrogate).
    private static readonly string[] AsciiPieces =
    [
        "spam", "SPAM", "sp4m", "$pam", "s p a m", "s.p.a.m", "s-p-a-m", "free", "crypto", "fr33 crypt0", "ass", "class",
        "bad", "word", "sc@m", "x", "fi", "s0s", "5o5", "a", "b", "1", "0", "!", "@", "|", "$", " ", "  ", ".", ",", "-",
        "\r\n", "\n", "\t", "hello", "assistant", "a s s e m b l y", "s", "p", "m", "?", "'", "\"", "~", "#", "7", "3",
    ];

    private static readonly string[] OtherPieces =
    [
        "Späm", "ѕраm", "ｓｐａｍ", "sp\u200Bam", "e\u0301", "ﬁ", "é", "ß", "😀", "👍🏽", "👨‍👩‍👧", "€", "£", "\u00A0", "\u2003",
        "ｘ", "ассеt", "ѕ р а м", "\uD800", "漢字", "。", "μ", "Ω", "\u00AD", "\u0301",
    ];

    public static TheoryData<int, bool> Seeds()
    {
        var data = new TheoryData<int, bool>();
        for (var seed = 1; seed <= 4; seed++)
        {
            data.Add(seed, true);
            data.Add(seed, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Find_RandomTexts_FastPathSlowPathAndReferenceAgree(int seed, bool asciiOnly)
    {
        var random = new Random(seed);
        var withMatches = 0;
        for (var n = 0; n < 1500; n++)
        {
            var text = RandomText(random, asciiOnly);

            var reference = ReferenceFind(text);
            var fast = Filter.Find(text);
            var slow = Filter.Find(text, asciiFastPath: false);

            Assert.True(reference.SequenceEqual(fast), $"fast path differs on {Escape(text)}");
            Assert.True(reference.SequenceEqual(slow), $"grapheme path differs on {Escape(text)}");
            Assert.Equal(Filter.Mask(text), Filter.MaskMemoized(text));
            withMatches += reference.Count > 0 ? 1 : 0;
        }

        // The corpus exercises both outcomes, so agreeing is not trivially "no match anywhere".
        Assert.InRange(withMatches, 150, 1350);
    }

    [Fact]
    public void MaskMemoized_SameTextTwice_SameResultAndUnchangedTextReturnedAsItIs()
    {
        var clean = new StringBuilder("nothing to see").ToString();
        var dirty = new StringBuilder("buy spam now").ToString();

        Assert.Same(clean, Filter.MaskMemoized(clean));
        Assert.Same(clean, Filter.MaskMemoized(clean));
        Assert.Equal("buy **** now", Filter.MaskMemoized(dirty));
        Assert.Equal("buy **** now", Filter.MaskMemoized(new StringBuilder("buy spam now").ToString()));
    }

    [Fact]
    public void MaskMemoized_NewFilter_DoesNotReuseTheOldOnesResults()
    {
        var before = WordFilter.Build(["spam"]);
        var after = WordFilter.Build(["eggs"]);

        Assert.Equal("**** and eggs", before.MaskMemoized("spam and eggs"));
        Assert.Equal("spam and ****", after.MaskMemoized("spam and eggs"));
    }

    private static string RandomText(Random random, bool asciiOnly)
    {
        var text = new StringBuilder();
        var pieces = random.Next(1, 12);
        for (var i = 0; i < pieces; i++)
        {
            var pool = asciiOnly || random.Next(3) > 0 ? AsciiPieces : OtherPieces;
            text.Append(pool[random.Next(pool.Length)]);
            if (random.Next(3) == 0)
            {
                text.Append(' ');
            }
            else if (random.Next(6) == 0)
            {
                text.Append((char)random.Next(asciiOnly ? 32 : 32, asciiOnly ? 127 : 0x3000));
            }
        }

        return text.ToString();
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));

    // ---- Reference: the original WordFilter algorithm, kept verbatim in spirit (four readings, each from scratch).

    private static AhoCorasick BuildReference(IEnumerable<string> entries)
    {
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            foreach (var symbols in new[] { false, true })
            {
                var (text, _) = ReferenceScan(entry, symbols, mergeSpacedLetters: false);
                if (text.Trim().Length > 0)
                {
                    patterns.Add(text);
                }
            }
        }

        return new AhoCorasick([.. patterns]);
    }

    private static List<(int Start, int Length)> ReferenceFind(string text)
    {
        var hits = new List<(int Start, int End)>();
        foreach (var symbols in new[] { false, true })
        {
            foreach (var merge in new[] { false, true })
            {
                var (scan, map) = ReferenceScan(text, symbols, merge);
                foreach (var (start, length, _) in ReferenceAutomaton.FindAll(scan))
                {
                    int first = int.MaxValue, last = -1;
                    for (var i = start; i < start + length; i++)
                    {
                        if (map[i].Start >= 0)
                        {
                            first = Math.Min(first, map[i].Start);
                            last = Math.Max(last, map[i].End);
                        }
                    }

                    hits.Add((first, last));
                }
            }
        }

        hits.Sort();
        var merged = new List<(int Start, int Length)>();
        foreach (var (start, end) in hits)
        {
            if (merged.Count > 0 && start <= merged[^1].Start + merged[^1].Length)
            {
                var lastSpan = merged[^1];
                merged[^1] = (lastSpan.Start, Math.Max(lastSpan.Start + lastSpan.Length, end) - lastSpan.Start);
            }
            else
            {
                merged.Add((start, end - start));
            }
        }

        return merged;
    }

    private static (string Text, List<(int Start, int End)> Map) ReferenceScan(string text, bool symbolsAsLetters, bool mergeSpacedLetters)
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
                continue;
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

        var scan = new StringBuilder(" ");
        var map = new List<(int Start, int End)> { (-1, -1) };
        for (var i = 0; i < words.Count; i++)
        {
            var (word, start, end) = words[i];
            var spacedOut = mergeSpacedLetters && word.Length == 1;
            while (spacedOut && i + 1 < words.Count && words[i + 1].Word.Length == 1)
            {
                i++;
                word += words[i].Word;
                end = words[i].End;
            }

            foreach (var c in word)
            {
                scan.Append(c);
                map.Add((start, end));
            }

            scan.Append(' ');
            map.Add((-1, -1));
        }

        return (scan.ToString(), map);
    }
}
