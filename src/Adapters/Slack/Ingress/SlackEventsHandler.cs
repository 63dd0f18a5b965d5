using Microsoft.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using System.Text.Json;
using System.Text;
using System.Globalization;
using System.Text.Unicode;
using ChatHub.Adapters.Abstractions.Ingress;
using ChatHub.Conversation.RateLimiting;
using Microsoft.AspNetCore.Http;
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

    private readonly SlackIngress _ingress;
    private readonly SlackBotIdentity _identity;
    private readonly SlackOptions _options;
    private readonly SlackSignature _signature;
    private readonly FailedAuthThrottle _failures;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackEventsHandler> _logger;

    public SlackEventsHandler(
        SlackIngress ingress, SlackBotIdentity identity, ITokenBucketLimiter failures, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackEventsHandler> logger)
    {
        _ingress = ingress;
        _identity = identity;
        _options = options.Value;
        _failures = new FailedAuthThrottle(failures, "slack", _options.FailedAuthBurst, _options.FailedAuthRefill);
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
            body = await WebhookBody.ReadAsync(context, _options.MaxWebhookBodyBytes);
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
            if (await _failures.ThrottleAsync(context, "Too many requests with a missing or wrong Slack signature.") is { } throttled)
            {
                SlackMetrics.Events.Add(1, new KeyValuePair<string, object?>("outcome", "throttled"));
                return throttled;
            }

            SlackMetrics.Events.Add(1, new KeyValuePair<string, object?>("outcome", "unauthorized"));
            SlackLog.WebhookRejected(_logger, 401, refused);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"Signature refused: {refused}.");
        }

        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return await HandleInteractionAsync(context, body);
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
            return WebhookResults.Unavailable(context, "The bot is starting (auth.test has not answered yet).");
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
            return WebhookResults.Unavailable(context, "The event could not be queued; Slack will deliver it again.");
        }
    }

    /// <summary>
    /// An interaction (the app's Interactivity Request URL may be this one): a signed form body whose <c>payload</c>
    /// is JSON. A button press (<c>block_actions</c>) is published like a message, well within Slack's 3 seconds;
    /// other interactions are acknowledged and ignored; a malformed payload is 400.
    /// </summary>
    private async Task<Results<Ok, ContentHttpResult, ProblemHttpResult>> HandleInteractionAsync(HttpContext context, byte[] body)
    {
        string? payload;
        try
        {
            payload = new FormReader(Encoding.UTF8.GetString(body)).ReadForm().TryGetValue("payload", out var values) ? values.ToString() : null;
        }
        catch (InvalidDataException)
        {
            payload = null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload ?? "");
        }
        catch (JsonException)
        {
            SlackLog.WebhookRejected(_logger, 400, "an interaction without a JSON payload");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "An interaction needs a 'payload' form field holding JSON.");
        }

        using (document)
        {
            if (SlackBlockAction.Read(document.RootElement) is not { } press)
            {
                SlackLog.InteractionIgnored(_logger, document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type)
                    && type.ValueKind == JsonValueKind.String ? type.GetString() ?? "" : "");
                return TypedResults.Ok();
            }

            if (!_identity.IsKnown)
            {
                return WebhookResults.Unavailable(context, "The bot is starting (auth.test has not answered yet).");
            }

            try
            {
                await _ingress.HandlePressAsync(press, context.RequestAborted);
                return TypedResults.Ok();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                SlackLog.EventPublishFailed(_logger, press.ActionTs ?? "", ex);
                return WebhookResults.Unavailable(context, "The press could not be queued.");
            }
        }
    }
}
