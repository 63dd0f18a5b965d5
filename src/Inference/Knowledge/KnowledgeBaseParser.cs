namespace ChatHub.Inference.Knowledge;

/// <summary>
/// Parses the Markdown FAQ format:
/// <code>
/// # Title (ignored, as is any text before the first ## heading)
/// ## What is ChatHub?
/// Also: what does ChatHub do
/// Also: tell me about ChatHub
/// Suggestions: Which platforms does ChatHub support? | How do I connect a Telegram bot?
/// The answer, in Markdown, up to the next level-1 or level-2 heading.
/// </code>
/// <c>Also:</c> lines count only directly under the heading (blank lines allowed); later ones belong to the answer.
/// One <c>Suggestions:</c> line there lists follow-up questions offered with the answer as suggested replies, separated
/// by <c>|</c>: at most <see cref="MaxSuggestions"/>, each at most <see cref="MaxSuggestionLength"/> characters.
/// The answer's soft line breaks are joined (<see cref="SoftLineBreaks"/>): its paragraphs read as paragraphs in a chat.
/// Headings inside fenced code blocks are text. Errors are returned as values, one per problem, with line numbers.
/// </summary>
public static class KnowledgeBaseParser
{
    private const string AlsoPrefix = "Also:";
    private const string SuggestionsPrefix = "Suggestions:";

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
        entries.Add(new KnowledgeEntry(builder.Question, builder.Alternatives, answer, builder.Line) { Suggestions = builder.Suggestions });
    }

    private sealed class EntryBuilder(string question, int line)
    {
        private readonly List<string> _body = [];
        private bool _inAnswer;

        public string Question { get; } = question;

        public int Line { get; } = line;

        public List<string> Alternatives { get; } = [];

        public List<string> Suggestions { get; } = [];

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

        public string Answer() => SoftLineBreaks.Join(_body).Trim();
    }
}
