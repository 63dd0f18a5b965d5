using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using ChatHub.Adapters.Abstractions.Ingress;
using ChatHub.Adapters.WhatsApp.Api;
using ChatHub.Conversation.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Ingress;

/// <summary>
/// <c>/webhooks/whatsapp</c>. <c>GET</c>: Meta's verification handshake: with <c>hub.mode=subscribe</c> and the
/// <c>hub.verify_token</c> configured (compared in constant time) the <c>hub.challenge</c> is echoed as text/plain;
/// otherwise 403 with the reason. <c>POST</c>: the body is read raw under a cap (413), then
/// <c>X-Hub-Signature-256</c> is checked against it (401 when missing or wrong) before anything is parsed; then
/// UTF-8 (400), the envelope (<see cref="WebhookReader"/>, 400 with the reason), and <see cref="WhatsAppIngress"/>.
/// 200 only once every message is accepted, a duplicate or ignored; when one cannot be queued, 503 (WhatsApp delivers
/// the notification again): never a 500. Past <see cref="WhatsAppOptions.FailedAuthBurst"/> refused calls (401, 403)
/// (or 413: a body too large to be checked) from one client address, 429 with Retry-After and no log line, so forged
/// calls cannot flood the log.
/// </summary>
internal sealed class WhatsAppWebhookHandler
{
    private const int MaxChallengeLength = 256;

    private readonly WhatsAppIngress _ingress;
    private readonly WhatsAppOptions _options;
    private readonly WhatsAppSignature _signature;
    private readonly byte[] _verifyTokenHash;
    private readonly FailedAuthThrottle _failures;
    private readonly ILogger<WhatsAppWebhookHandler> _logger;

    public WhatsAppWebhookHandler(
        WhatsAppIngress ingress, ITokenBucketLimiter failures, IOptions<WhatsAppOptions> options, ILogger<WhatsAppWebhookHandler> logger)
    {
        _ingress = ingress;
        _options = options.Value;
        _failures = new FailedAuthThrottle(failures, "wa", _options.FailedAuthBurst, _options.FailedAuthRefill);
        _signature = new WhatsAppSignature(_options.AppSecret!);
        _verifyTokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(_options.VerifyToken!));
        _logger = logger;
    }

    public async Task<Results<ContentHttpResult, ProblemHttpResult>> VerifyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        if (query["hub.mode"].ToString() != "subscribe")
        {
            return await RefuseUnauthenticatedAsync(context, StatusCodes.Status403Forbidden, "hub.mode is not 'subscribe'", "verify");
        }

        // Hashing first makes the comparison constant-time in the length too.
        var presented = query["hub.verify_token"].ToString();
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _verifyTokenHash))
        {
            return await RefuseUnauthenticatedAsync(context, StatusCodes.Status403Forbidden, "hub.verify_token does not match", "verify");
        }

        var challenge = query["hub.challenge"].ToString();
        if (challenge.Length is 0 or > MaxChallengeLength || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Refuse(StatusCodes.Status400BadRequest, "hub.challenge is missing or not a plain token", "verify");
        }

        WhatsAppLog.WebhookVerified(_logger);
        WhatsAppMetrics.Notification("verify", "ok");
        return TypedResults.Text(challenge, "text/plain", Encoding.UTF8);
    }

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[]? body;
        try
        {
            body = await WebhookBody.ReadAsync(context, _options.MaxWebhookBodyBytes);
        }
        catch (BadHttpRequestException ex)
        {
            return await RefuseUnauthenticatedAsync(context, ex.StatusCode, "unreadable body"); // not signed yet: throttled too
        }

        if (body is null)
        {
            return await RefuseUnauthenticatedAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body exceeds {_options.MaxWebhookBodyBytes} bytes");
        }

        var header = context.Request.Headers[WhatsAppSignature.Header];
        if (header.Count != 1 || !_signature.IsValid(header.ToString(), body))
        {
            return await RefuseUnauthenticatedAsync(context, StatusCodes.Status401Unauthorized, header.Count == 0
                ? $"no {WhatsAppSignature.Header} header"
                : $"{WhatsAppSignature.Header} is not the HMAC-SHA256 of the body with the app secret");
        }

        if (!context.Request.HasJsonContentType())
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "not application/json");
        }

        if (!Utf8.IsValid(body))
        {
            return Refuse(StatusCodes.Status400BadRequest, "the body is not UTF-8");
        }

        if (WebhookReader.TryRead(body, _options.MaxJsonDepth, out var unreadable) is not { } notification)
        {
            return Refuse(StatusCodes.Status400BadRequest, $"the body is not a WhatsApp notification: {unreadable}");
        }

        try
        {
            await _ingress.HandleAsync(notification, context.RequestAborted);
            return TypedResults.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            WhatsAppLog.PublishFailed(_logger, notification.Changes.SelectMany(c => c.Messages).FirstOrDefault()?.Id, ex);
            return WebhookResults.Unavailable(context, "The notification could not be queued; WhatsApp will deliver it again.");
        }
    }

    /// <summary>A refused call without the platform's proof: logged and answered, until its address has used its burst.</summary>
    private async Task<ProblemHttpResult> RefuseUnauthenticatedAsync(HttpContext context, int status, string reason, string kind = "request")
    {
        if (await _failures.ThrottleAsync(context, "Too many calls without a valid signature or verify token.") is { } throttled)
        {
            WhatsAppMetrics.Notification(kind, "throttled");
            return throttled;
        }

        return Refuse(status, reason, kind);
    }

    private ProblemHttpResult Refuse(int status, string reason, string kind = "request")
    {
        WhatsAppLog.WebhookRejected(_logger, status, reason);
        WhatsAppMetrics.Notification(kind, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Problem(statusCode: status, detail: reason + ".");
    }
}
