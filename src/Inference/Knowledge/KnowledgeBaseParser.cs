using ChatHub.Inference.Abstractions;

namespace ChatHub.Inference.Knowledge;

/// <summary>
/// Parses the Markdown FAQ format:
/// <code>
/// # Title (ignored, as is any text before the first ## heading)
/// ## What is ChatHub?
/// Also: what does ChatHub do
/// Also: tell me about ChatHub
/// Suggestions: Which platforms does ChatHub support? | How do I connect a Telegram bot?
/// Links: [Documentation](https://example.com/docs) | [Status page](https://status.example.com)
/// The answer, in Markdown, up to the next level-1 or level-2 heading.
/// </code>
/// <c>Also:</c> lines count only directly under the heading (blank lines allowed); later ones belong to the answer.
/// One <c>Suggestions:</c> line there lists follow-up questions offered with the answer as suggested replies, separated
/// by <c>|</c>: at most <see cref="MaxSuggestions"/>, each at most <see cref="MaxSuggestionLength"/> characters.
/// One <c>Links:</c> line there lists buttons that open an address, as Markdown links separated by <c>|</c>: at most
/// <see cref="MaxLinks"/>, each label at most <see cref="MaxLinkTextLength"/> characters, each address an absolute
/// <c>https</c> or <c>http</c> one (no other scheme, no credentials in it).
/// The answer's soft line breaks are joined (<see cref="SoftLineBreaks"/>): its paragraphs read as paragraphs in a chat.
/// Headings inside fenced code blocks are text. Errors are returned as values, one per problem, with line numbers.
/// </summary>
public static partial class KnowledgeBaseParser
{
    private const string AlsoPrefix = "Also:";
    private const string SuggestionsPrefix = "Suggestions:";
    private const string LinksPrefix = "Links:";

    /// <summary>The most links an entry may offer.</summary>
    public const int MaxLinks = 3;

    /// <summary>The longest link label, in UTF-16 code units.</summary>
    public const int MaxLinkTextLength = 64;

    /// <summary>The most suggestions an entry may offer (the hub's limit for suggested replies).</summary>
    public const int MaxSuggestions = 5;

    /// <summary>The longest suggestion, in UTF-16 code units (the hub's limit for a suggested reply).</summary>
    public const int MaxSuggestionLength = 64;

    public static KnowledgeParseResult Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var entries = new List<KnowledgeEntry>();
        var errors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');

        EntryBuilder? current = null;
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNumber = i + 1;
            if (fence is null && TryReadHeading(line, out var level, out var title))
            {
                Complete(current, entries, errors, seen);
                current = level == 2 ? new EntryBuilder(title, lineNumber) : null;
                if (level == 2 && title.Length == 0)
                {
                    errors.Add($"Line {lineNumber}: a '##' heading has no question text.");
                    current = null;
                }

                continue;
            }

            fence = UpdateFence(fence, line);
            current?.Add(line, lineNumber, errors);
        }

        Complete(current, entries, errors, seen);
        if (entries.Count == 0 && errors.Count == 0)
        {
            errors.Add("No entries found: each question must start with a '## Question' heading followed by its answer.");
        }

        return new KnowledgeParseResult(entries, errors);
    }

    private static bool TryReadHeading(string line, out int level, out string title)
    {
        level = 0;
        title = string.Empty;
        var trimmed = line.TrimStart(' ');
        if (line.Length - trimmed.Length > 3)
        {
            return false; // indented code
        }

        while (level < trimmed.Length && trimmed[level] == '#')
        {
            level++;
        }

        if (level is not (1 or 2) || (level < trimmed.Length && !char.IsWhiteSpace(trimmed[level])))
        {
            return false;
        }

        // Drop an optional closing sequence of #'s (ATX headings: "## Question ##").
        title = trimmed[level..].Trim().TrimEnd('#').Trim();
        return true;
    }

    private static string? UpdateFence(string? fence, string line)
    {
        var trimmed = line.TrimStart();
        foreach (var marker in (ReadOnlySpan<string>)["```", "~~~"])
        {
            if (trimmed.StartsWith(marker, StringComparison.Ordinal))
            {
                return fence is null ? marker : fence == marker ? null : fence;
            }
        }

        return fence;
    }

    private static void Complete(
        EntryBuilder? builder, List<KnowledgeEntry> entries, List<string> errors, Dictionary<string, int> seen)
    {
        if (builder is null)
        {
            return;
        }

        var answer = builder.Answer();
        if (answer.Length == 0)
        {
            errors.Add($"Line {builder.Line}: the entry '{builder.Question}' has no answer.");
            return;
        }

        if (seen.TryGetValue(builder.Question, out var firstLine))
        {
            errors.Add($"Line {builder.Line}: the question '{builder.Question}' already appears on line {firstLine}.");
            return;
        }

        seen.Add(builder.Question, builder.Line);
        entries.Add(new KnowledgeEntry(builder.Question, builder.Alternatives, answer, builder.Line) { Suggestions = builder.Suggestions, Links = builder.Links });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[(?<text>[^\[\]\r\n]+)\]\((?<url>[^()\s]+)\)$")]
    private static partial System.Text.RegularExpressions.Regex MarkdownLink();

    /// <summary>The hub's rule for a link button's address (ChatHub.Conversation's LinkButtons.IsUsableUrl says the same).</summary>
    private static bool LinkAddress(string url) =>
        url.Length <= 512
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.UserInfo)
        && !string.IsNullOrEmpty(uri.Host);

    private sealed class EntryBuilder(string question, int line)
    {
        private readonly List<string> _body = [];
        private bool _inAnswer;

        public string Question { get; } = question;

        public int Line { get; } = line;

        public List<string> Alternatives { get; } = [];

        public List<string> Suggestions { get; } = [];

        public List<AnswerLink> Links { get; } = [];

        public void Add(string text, int lineNumber, List<string> errors)
        {
            if (!_inAnswer)
            {
                var trimmed = text.Trim();
                if (trimmed.Length == 0)
                {
                    return;
                }

                if (trimmed.StartsWith(AlsoPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    var alternative = trimmed[AlsoPrefix.Length..].Trim();
                    if (alternative.Length == 0)
                    {
                        errors.Add($"Line {lineNumber}: an 'Also:' line under '{Question}' is empty.");
                    }
                    else
                    {
                        Alternatives.Add(alternative);
                    }

                    return;
                }

                if (trimmed.StartsWith(SuggestionsPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    AddSuggestions(trimmed[SuggestionsPrefix.Length..], lineNumber, errors);
                    return;
                }

                if (trimmed.StartsWith(LinksPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    AddLinks(trimmed[LinksPrefix.Length..], lineNumber, errors);
                    return;
                }

                _inAnswer = true;
            }

            _body.Add(text);
        }

        private void AddSuggestions(string list, int lineNumber, List<string> errors)
        {
            if (Suggestions.Count > 0)
            {
                errors.Add($"Line {lineNumber}: '{Question}' has a second 'Suggestions:' line; put them all on one, separated by '|'.");
                return;
            }

            var items = list.Split('|', StringSplitOptions.TrimEntries);
            if (items.Any(item => item.Length == 0))
            {
                errors.Add($"Line {lineNumber}: a 'Suggestions:' line under '{Question}' has an empty suggestion.");
            }
            else if (items.Length > MaxSuggestions)
            {
                errors.Add($"Line {lineNumber}: '{Question}' offers {items.Length} suggestions; at most {MaxSuggestions} are allowed.");
            }
            else if (items.FirstOrDefault(item => item.Length > MaxSuggestionLength) is { } tooLong)
            {
                errors.Add($"Line {lineNumber}: the suggestion '{tooLong}' under '{Question}' is longer than {MaxSuggestionLength} characters.");
            }
            else if (items.Distinct(StringComparer.Ordinal).Count() != items.Length)
            {
                errors.Add($"Line {lineNumber}: a 'Suggestions:' line under '{Question}' repeats a suggestion.");
            }
            else
            {
                Suggestions.AddRange(items);
            }
        }

        private void AddLinks(string list, int lineNumber, List<string> errors)
        {
            if (Links.Count > 0)
            {
                errors.Add($"Line {lineNumber}: '{Question}' has a second 'Links:' line; put them all on one, separated by '|'.");
                return;
            }

            var items = list.Split('|', StringSplitOptions.TrimEntries);
            if (items.Length > MaxLinks)
            {
                errors.Add($"Line {lineNumber}: '{Question}' offers {items.Length} links; at most {MaxLinks} are allowed.");
                return;
            }

            var links = new List<AnswerLink>();
            foreach (var item in items)
            {
                var match = MarkdownLink().Match(item);
                if (!match.Success)
                {
                    errors.Add($"Line {lineNumber}: a link under '{Question}' is not written as [label](https://address): '{item}'.");
                    return;
                }

                var (text, url) = (match.Groups["text"].Value.Trim(), match.Groups["url"].Value);
                if (text.Length > MaxLinkTextLength)
                {
                    errors.Add($"Line {lineNumber}: the link label '{text}' under '{Question}' is longer than {MaxLinkTextLength} characters.");
                    return;
                }

                if (!LinkAddress(url))
                {
                    errors.Add($"Line {lineNumber}: the link address '{url}' under '{Question}' is not an absolute https or http address without credentials.");
                    return;
                }

                links.Add(new AnswerLink(text, url));
            }

            if (links.DistinctBy(link => link.Url, StringComparer.Ordinal).Count() != links.Count)
            {
                errors.Add($"Line {lineNumber}: a 'Links:' line under '{Question}' repeats an address.");
                return;
            }

            Links.AddRange(links);
        }

        public string Answer() => SoftLineBreaks.Join(_body).Trim();
    }
}
