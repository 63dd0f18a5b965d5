using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// <c>POST /webhooks/slack</c> (the Events API). In this order: the body is read up to
/// <see cref="SlackOptions.MaxWebhookBodyBytes"/> (413 past it, never more than one byte past it read); the signature is
/// checked before anything is parsed (<see cref="SlackSignature"/>: 401 with the reason for a missing, malformed,
/// stale or wrong one; past <see cref="SlackOptions.FailedAuthBurst"/> refusals from one address, 429 with <c>Retry-After</c> and
/// no log line); then 415 (not JSON) and 400 (not UTF-8, malformed, not an envelope). <c>url_verification</c> is
/// answered with its challenge; an <c>event_callback</c> goes to <see cref="SlackIngress"/> and is answered 200 once
/// published (or a duplicate, or ignored): the answer never waits for the model. When it cannot be accepted (the
/// bot's identity is not known yet, the bus fails) the answer is 503, and Slack retries: never a 500.
/// </summary>
internal sealed class SlackEventsHandler
{
    public const string RetryNumHeader = "X-Slack-Retry-Num";

    private const int RetryAfterSeconds = 5;

    private readonly SlackIngress _ingress;
    private readonly SlackBotIdentity _identity;
    private readonly SlackOptions _options;
    private readonly SlackSignature _signature;
    private readonly ITokenBucketLimiter _failures;
    private readonly TokenBucketRule _failureRule;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackEventsHandler> _logger;

    public SlackEventsHandler(
        SlackIngress ingress, SlackBotIdentity identity, ITokenBucketLimiter failures, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackEventsHandler> logger)
    {
        _ingress = ingress;
        _identity = identity;
        _failures = failures;
        _options = options.Value;
        _failureRule = new TokenBucketRule(_options.FailedAuthBurst, _options.FailedAuthRefill);
        _signature = new SlackSignature(_options.SigningSecret ?? "");
        _time = time;
        _logger = logger;
    }

    public async Task<Results<Ok, ContentHttpResult, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context);
        }
        catch (BadHttpRequestException ex)
        {
            SlackLog.WebhookRejected(_logger, ex.StatusCode, "unreadable body");
            return TypedResults.Problem(statusCode: ex.StatusCode, detail: "The body could not be read.");
        }

        if (body is null)
        {
            SlackLog.WebhookRejected(_logger, 413, "body too large");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body exceeds {_options.MaxWebhookBodyBytes} bytes.");
        }

        var headers = context.Request.Headers;
        if (_signature.Check(headers[SlackSignature.TimestampHeader].ToString(), headers[SlackSignature.SignatureHeader].ToString(), body, _time.GetUtcNow(), _options.MaxClockSkew)
            is { } refused)
        {
            var client = ClientAddresses.Key(context.Connection.RemoteIpAddress) ?? "unknown";
            if (!await _failures.TryAcquireAsync("slack:unauthorized:" + client, _failureRule, context.RequestAborted))
            {
                SlackMetrics.Events.Add(1, new KeyValuePair<string, object?>("outcome", "throttled"));
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(_options.FailedAuthRefill.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: "Too many requests with a missing or wrong Slack signature.");
            }

            SlackMetrics.Events.Add(1, new KeyValuePair<string, object?>("outcome", "unauthorized"));
            SlackLog.WebhookRejected(_logger, 401, refused);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"Signature refused: {refused}.");
        }

        if (!context.Request.HasJsonContentType())
        {
            SlackLog.WebhookRejected(_logger, 415, "not application/json");
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be application/json (an Events API request).");
        }

        if (!Utf8.IsValid(body))
        {
            SlackLog.WebhookRejected(_logger, 400, "not UTF-8");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body is not valid UTF-8 JSON.");
        }

        if (SlackEventReader.TryReadEnvelope(body, out var unreadable) is not { } envelope)
        {
            SlackLog.WebhookRejected(_logger, 400, "malformed JSON");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"The body is not an Events API request: {unreadable}.");
        }

        switch (envelope.Type)
        {
            case "url_verification" when envelope.Challenge is { Length: > 0 and <= 1024 } challenge:
                SlackLog.UrlVerified(_logger);
                return TypedResults.Text(challenge, "text/plain");
            case "url_verification":
                SlackLog.WebhookRejected(_logger, 400, "url_verification without a challenge");
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "url_verification needs a challenge of 1 to 1024 characters.");
            case not "event_callback":
                SlackLog.RequestTypeIgnored(_logger, envelope.Type);
                return TypedResults.Ok();
        }

        if (!_identity.IsKnown)
        {
            return Unavailable(context, "The bot is starting (auth.test has not answered yet).");
        }

        var retryNum = int.TryParse(headers[RetryNumHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        try
        {
            await _ingress.HandleAsync(envelope, retryNum, context.RequestAborted);
            return TypedResults.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            SlackLog.EventPublishFailed(_logger, envelope.EventId, ex);
            return Unavailable(context, "The event could not be queued; Slack will deliver it again.");
        }
    }

    /// <summary>The body, or null when it is larger than allowed (never reads more than one byte past the cap).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var max = _options.MaxWebhookBodyBytes;
        if (context.Request.ContentLength > max)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1L;
        }

        using var body = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 16 * 1024, max + 1L));
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var wanted = (int)Math.Min(chunk.Length, max + 1L - body.Length);
                var read = await context.Request.Body.ReadAsync(chunk.AsMemory(0, wanted), context.RequestAborted);
                if (read == 0)
                {
                    return body.ToArray();
                }

                body.Write(chunk, 0, read);
                if (body.Length > max)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail);
    }
}
