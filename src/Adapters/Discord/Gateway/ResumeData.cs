namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>op 6 RESUME. Carries the token: never logged.</summary>
internal sealed record ResumeData
{
    public required string Token { get; init; }

    public required string SessionId { get; init; }

    public required long Seq { get; init; }
}
