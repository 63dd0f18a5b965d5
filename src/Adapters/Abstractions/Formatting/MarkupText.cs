namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>Rendered Markdown of one platform (Discord, Teams) and the constructs in it, for splitting.</summary>
internal sealed record MarkupText(string Text, IReadOnlyList<MarkupSpan> Spans);
