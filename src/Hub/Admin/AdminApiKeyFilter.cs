using ChatHub.Conversation.Telemetry;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

/// <summary>Requires the <c>X-Api-Key</c> header to equal <c>Admin:ApiKey</c> (compared in constant time).</summary>
internal sealed partial class AdminApiKeyFilter : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _expected;
    private readonly ILogger<AdminApiKeyFilter> _logger;

    public AdminApiKeyFilter(IOptions<AdminOptions> options, ILogger<AdminApiKeyFilter> logger)
    {
        _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey ?? ""));
        _logger = logger;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        // Hashing first makes the comparison constant-time whatever the lengths.
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(actual, _expected))
        {
            LogRejected(_logger, context.HttpContext.Request.Path.Value, presented.Length == 0 ? "missing key" : "wrong key");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"Send the admin API key in the {HeaderName} header.");
        }

        return await next(context);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Admin request to {Path} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, UntrustedText path, string reason);
}
