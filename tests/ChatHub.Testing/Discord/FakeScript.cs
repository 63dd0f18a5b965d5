namespace ChatHub.Testing.Discord;

/// <summary>
/// A scripted answer for the next calls of a route (to a channel, if given): a status with Discord's error body,
/// a 429 with <c>retry_after</c> (bucket-scoped or global), or a normal answer with the given rate-limit headers.
/// </summary>
internal sealed record FakeScript(
    FakeRoute Route, string? ChannelId, int Status, string? Message, int? Code, double? RetryAfter, bool Global, string? Scope,
    int? Remaining, double? ResetAfter, TimeSpan? Hang, string? RawBody)
{
    public int Times { get; set; } = 1;

    public int Skip { get; set; }
}
