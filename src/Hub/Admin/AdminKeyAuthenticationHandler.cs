using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ChatHub.Conversation.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

/// <summary>
/// The admin API's authentication (scheme <see cref="SchemeName"/>): the <c>X-Api-Key</c> header must equal one of the
/// configured keys, compared in constant time with every key (no early exit, so the time tells nothing about which
/// key came close). The principal's name is the key's name. It runs in the authorization middleware, before the
/// endpoint reads or binds the body, so a call without a valid key is 401 whatever its body.
/// </summary>
internal sealed partial class AdminKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "AdminKey";
    public const string HeaderName = "X-Api-Key";

    private readonly (string Name, byte[] Hash)[] _keys;

    public AdminKeyAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<AdminOptions> admin)
        : base(options, logger, encoder)
    {
        ArgumentNullException.ThrowIfNull(admin);
        _keys = [.. admin.Value.NamedKeys().Select(k => (k.Name, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))))];
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Hashing first makes each comparison constant-time whatever the lengths.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? name = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                name ??= key.Name;
            }
        }

        if (name is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Request.Headers[HeaderName].ToString().Length == 0 ? "missing key" : "wrong key";
        LogRejected(Logger, Request.Method, Request.Path.Value, reason);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: $"Send an admin API key in the {HeaderName} header.").ExecuteAsync(Context);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Admin request {Method} {Path} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, UntrustedText method, UntrustedText path, string reason);
}
