namespace ChatHub.Adapters.Discord.Api;

/// <summary>The IDENTIFY budget (1,000 a day; exceeding it resets the token).</summary>
internal sealed record SessionStartLimit
{
    public int Total { get; init; }

    public int Remaining { get; init; }

    /// <summary>Milliseconds until the budget resets.</summary>
    public long ResetAfter { get; init; }

    public int MaxConcurrency { get; init; } = 1;
}
