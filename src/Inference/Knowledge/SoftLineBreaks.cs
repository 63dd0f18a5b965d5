namespace ChatHub.Inference.Knowledge;

/// <summary>
/// Joins the soft line breaks of Markdown paragraphs: source files wrap lines at a width, and a chat shows every
/// newline, so "one sentence\ncontinued" would break mid-sentence on every platform. Lines of one paragraph or list
/// item become one line; blank lines, list items, headings, block quotes, table rows, fenced and indented code, and
/// hard breaks (two trailing spaces or a backslash) keep their newlines, as a Markdown renderer would show them.
/// </summary>
public static class SoftLineBreaks
{
    public static string Join(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new System.Text.StringBuilder();
        string? fence = null;
        var joinable = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            var content = line.TrimStart();
            var indent = line.Length - content.Length;
            if (fence is not null || (indent < 4 && FenceMarker(content) is not null))
            {
                fence = fence is null ? FenceMarker(content) : content.StartsWith(fence, StringComparison.Ordinal) ? null : fence;
                NewLine(text, line);
                joinable = false;
                continue;
            }

            var hardBreak = raw.EndsWith("  ", StringComparison.Ordinal) || line.EndsWith('\\');
            if (joinable && content.Length > 0 && !StartsBlock(content))
            {
                text.Append(' ').Append(content);
                joinable = !hardBreak;
                continue;
            }

            NewLine(text, line);
            joinable = content.Length > 0 && !hardBreak && indent < 4 && !IsLeafBlock(content);
        }

        return text.ToString();
    }

    private static void NewLine(System.Text.StringBuilder text, string line)
    {
        if (text.Length > 0 || line.Length > 0)
        {
            text.Append(text.Length > 0 ? "\n" : string.Empty).Append(line);
        }
    }

    private static string? FenceMarker(string content) =>
        content.StartsWith("```", StringComparison.Ordinal) ? "```" : content.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;

    /// <summary>A line that starts a block of its own, so it never continues the paragraph above.</summary>
    private static bool StartsBlock(string content) =>
        IsLeafBlock(content) || content[0] == '>' || IsListItem(content) || content[0] == '<';

    /// <summary>Blocks that a following line never continues: headings, table rows, thematic breaks.</summary>
    private static bool IsLeafBlock(string content) =>
        content[0] is '#' or '|' || (content.Length >= 3 && content.All(c => c is '-' or '*' or '_' or ' ') && content.Distinct().Count(c => c != ' ') == 1);

    private static bool IsListItem(string content)
    {
        if (content[0] is '-' or '*' or '+')
        {
            return content.Length == 1 || content[1] == ' ';
        }

        var digits = 0;
        while (digits < content.Length && digits < 9 && char.IsAsciiDigit(content[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < content.Length && content[digits] is '.' or ')'
            && (digits + 1 == content.Length || content[digits + 1] == ' ');
    }
}
