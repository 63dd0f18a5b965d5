namespace ChatHub.Inference.Abstractions;

/// <summary>The person a request is for (see <see cref="ChatHubRequestProperties"/>).</summary>
/// <param name="PersonId">The hub user id.</param>
/// <param name="Platform">The channel the message came from.</param>
public sealed record ChatRequestContext(string PersonId, string Platform)
{
    public string? DisplayName { get; init; }

    public string? Locale { get; init; }

    public string? TimeZone { get; init; }

    public string? Conversation { get; init; }

    /// <summary>
    /// What the person asked the hub to remember (their words: data, never instructions); null where memory is not used
    /// for this request (off, or a group chat the person has not allowed it in), then the <c>remember</c> tool refuses too.
    /// </summary>
    public IReadOnlyList<string>? Memories { get; init; }

    /// <summary>The rolling summary of the person's earlier turns (written by the model from their words: data), if any.</summary>
    public string? Summary { get; init; }
}
