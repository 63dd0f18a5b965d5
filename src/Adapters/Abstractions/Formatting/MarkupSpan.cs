namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// Where a construct of rendered Markdown sits in its text (<see cref="MarkupText"/>): <see cref="Open"/> starts at
/// <c>ContentStart - Open.Length</c>, the content is <c>ContentStart..ContentEnd</c>, <see cref="Close"/> follows it.
/// A split inside the content closes the construct at the end of one message and opens it again in the next.
/// </summary>
internal readonly record struct MarkupSpan(int ContentStart, int ContentEnd, string Open, string Close)
{
    public int OuterStart => ContentStart - Open.Length;

    public int OuterEnd => ContentEnd + Close.Length;
}
