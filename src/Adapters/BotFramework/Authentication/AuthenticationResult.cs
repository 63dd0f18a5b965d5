using Microsoft.AspNetCore.Http;

namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>
/// The outcome of checking an inbound call, as a value: the caller, or the HTTP status to answer (401 bad token,
/// 403 a valid token not endorsed for the activity's channel, 503 keys unavailable) and the reason.
/// </summary>
internal sealed record AuthenticationResult(AuthenticatedCaller? Caller, int StatusCode, string? Reason)
{
    public bool Succeeded => Caller is not null;

    public static AuthenticationResult Success(AuthenticatedCaller caller) => new(caller, StatusCodes.Status200OK, null);

    public static AuthenticationResult Unauthorized(string reason) => new(null, StatusCodes.Status401Unauthorized, reason);

    public static AuthenticationResult Forbidden(string reason) => new(null, StatusCodes.Status403Forbidden, reason);

    public static AuthenticationResult Unavailable(string reason) => new(null, StatusCodes.Status503ServiceUnavailable, reason);
}
