namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>A validated inbound token: who issued it, what it binds (service URL, channels), and the calling app.</summary>
internal sealed record AuthenticatedCaller(
    TokenSource Source, string Issuer, string? ServiceUrl, IReadOnlyCollection<string> Endorsements, string? CallerAppId);
