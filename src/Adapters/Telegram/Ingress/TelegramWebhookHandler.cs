using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using ChatHub.Adapters.Abstractions.Ingress;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// <c>POST /webhooks/telegram</c>. Checks the secret header in constant time (401; past
/// <see cref="TelegramOptions.FailedAuthBurst"/> failures from one client address, 429 with Retry-After and no log
/// line), the content type (415: Telegram
/// always sends <c>application/json</c>), caps the body (413), reads one Update with <see cref="TelegramUpdateReader"/>
/// (400 with the reason when it is not UTF-8, malformed, not an object, nested too deep, or a member the hub needs is
/// missing or null; members the hub does not read are not looked at), hands it to
/// <see cref="TelegramIngress"/> and
/// answers 200 only once it is accepted, a duplicate, or ignored. When it cannot be accepted (the bot's identity
/// is not known yet, the bus fails) the answer is 503 with Retry-After, which Telegram honours: never a 500.
/// </summary>
internal sealed class TelegramWebhookHandler
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly TelegramIngress _ingress;
    private readonly TelegramBotIdentity _identity;
    private readonly TelegramOptions _options;
    private readonly byte[]? _secretHash;
    private readonly FailedAuthThrottle _failures;
    private readonly ILogger<TelegramWebhookHandler> _logger;

    public TelegramWebhookHandler(
        TelegramIngress ingress, TelegramBotIdentity identity, ITokenBucketLimiter failures, IOptions<TelegramOptions> options, ILogger<TelegramWebhookHandler> logger)
    {
        _ingress = ingress;
        _identity = identity;
        _options = options.Value;
        _failures = new FailedAuthThrottle(failures, "tg", _options.FailedAuthBurst, _options.FailedAuthRefill);
        _secretHash = _options.WebhookSecret is { Length: > 0 } secret ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : null;
        _logger = logger;
    }

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsAuthentic(context.Request.Headers[SecretHeader].ToString()))
        {
            if (await _failures.ThrottleAsync(context, $"Too many calls with a missing or wrong {SecretHeader} header.") is { } throttled)
            {
                TelegramMetrics.Updates.Add(1, new KeyValuePair<string, object?>("outcome", "throttled"));
                return throttled;
            }

            TelegramLog.WebhookRejected(_logger, 401, "missing or wrong secret token");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"Missing or wrong {SecretHeader} header.");
        }

        if (!context.Request.HasJsonContentType())
        {
            TelegramLog.WebhookRejected(_logger, 415, "not application/json");
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be application/json (one Telegram Update).");
        }

        if (!_identity.IsKnown)
        {
            return WebhookResults.Unavailable(context, "The bot is starting (getMe has not answered yet).");
        }

        byte[]? body;
        try
        {
            body = await WebhookBody.ReadAsync(context, _options.MaxWebhookBodyBytes);
        }
        catch (BadHttpRequestException ex)
        {
            TelegramLog.WebhookRejected(_logger, ex.StatusCode, "unreadable body");
            return TypedResults.Problem(statusCode: ex.StatusCode, detail: "The body could not be read.");
        }

        if (body is null)
        {
            TelegramLog.WebhookRejected(_logger, 413, "body too large");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body exceeds {_options.MaxWebhookBodyBytes} bytes.");
        }

        if (!Utf8.IsValid(body))
        {
            TelegramLog.WebhookRejected(_logger, 400, "not UTF-8");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body is not valid UTF-8 JSON.");
        }

        if (TelegramUpdateReader.TryRead(body, out var unreadable) is not { } update)
        {
            TelegramLog.WebhookRejected(_logger, 400, $"not a Telegram Update: {unreadable}");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"The body is not a Telegram Update: {unreadable}.");
        }

        try
        {
            await _ingress.HandleAsync(update, context.RequestAborted);
            return TypedResults.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            TelegramLog.UpdatePublishFailed(_logger, update.Id, ex);
            return WebhookResults.Unavailable(context, "The update could not be queued; Telegram will deliver it again.");
        }
    }

    private bool IsAuthentic(string presented)
    {
        if (_secretHash is null)
        {
            return true; // AllowUnauthenticatedWebhook (validated at start)
        }

        // Hashing first makes the comparison constant-time in the length too.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, _secretHash);
    }
}
