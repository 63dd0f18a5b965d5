namespace ChatHub.Conversation.Messages;

/// <summary>
/// Suggested replies under an answer (<see cref="OutboundMessage.Suggestions"/>): short texts the person can pick instead
/// of typing; picking one sends its text as the person's message. <see cref="Normalize"/> keeps at most
/// <see cref="MaxCount"/> of them, each on one line, trimmed, 1 to <see cref="MaxLength"/> characters, without repeats.
/// </summary>
public static class SuggestedReplies
{
    /// <summary>The key under which inference clients put them in a response's AdditionalProperties (ChatHub.Inference's ChatHubResponseProperties.SuggestionsKey).</summary>
    public const string PropertyKey = "chathub.suggestions";

    public const int MaxCount = 5;

    /// <summary>In UTF-16 code units; Telegram's button text and the widget's chips stay short.</summary>
    public const int MaxLength = 64;

    /// <summary>The usable suggestions of <paramref name="suggestions"/>, or null when none is left.</summary>
    public static IReadOnlyList<string>? Normalize(IEnumerable<string?>? suggestions)
    {
        if (suggestions is null)
        {
            return null;
        }

        var kept = suggestions
            .Select(s => s?.ReplaceLineEndings(" ").Trim())
            .Where(s => !string.IsNullOrEmpty(s) && s.Length <= MaxLength)
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxCount)
            .ToArray();
        return kept.Length == 0 ? null : kept;
    }
}
