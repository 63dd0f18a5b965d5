namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// Splits a formatted message (<see cref="TelegramText"/>) into messages of at most
/// <see cref="TelegramTextSplitter.MaxLength"/> UTF-16 units with the cutting rules of <see cref="TelegramTextSplitter"/>,
/// preferring a cut outside every entity. An entity that must be cut (a long code block, a long bold paragraph) is cut
/// into two entities, one per message, so a code block goes on as a code block (same language) in the next message.
/// Whitespace at a cut is dropped, except the indentation of the line that starts the next message.
/// </summary>
internal static class TelegramFormattedSplitter
{
    public static IReadOnlyList<TelegramText> Split(TelegramText message, int maxLength = TelegramTextSplitter.MaxLength)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var text = message.Text;
        var entities = message.Entities;
        var parts = new List<TelegramText>();
        var start = SkipCut(text, 0);
        while (start < text.Length)
        {
            var end = text.Length - start <= maxLength
                ? text.Length
                : TelegramTextSplitter.FindCut(text, start, maxLength, cut => !entities.Any(e => e.Offset < cut && cut < e.End));
            var partEnd = end;
            while (partEnd > start && char.IsWhiteSpace(text[partEnd - 1]))
            {
                partEnd--;
            }

            if (partEnd > start)
            {
                parts.Add(new TelegramText(text[start..partEnd], Clip(entities, start, partEnd)));
            }

            start = SkipCut(text, end);
        }

        return parts;
    }

    /// <summary>The entities overlapping <c>start..end</c>, clipped to it and made relative to <paramref name="start"/>.</summary>
    private static List<TelegramEntity> Clip(IReadOnlyList<TelegramEntity> entities, int start, int end)
    {
        var clipped = new List<TelegramEntity>();
        foreach (var entity in entities)
        {
            var from = Math.Max(entity.Offset, start);
            var to = Math.Min(entity.End, end);
            if (to > from)
            {
                clipped.Add(entity with { Offset = from - start, Length = to - from });
            }
        }

        return clipped;
    }

    /// <summary>Skips the whitespace at a cut, keeping the indentation after its last line break.</summary>
    private static int SkipCut(string text, int position)
    {
        var lineStart = -1;
        var i = position;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            if (text[i] == '\n')
            {
                lineStart = i + 1;
            }

            i++;
        }

        return i >= text.Length || lineStart < 0 ? i : lineStart;
    }
}
