using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using ChatHub.Adapters.Abstractions.Ingress;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Adapters.BotFramework.Authentication;
using ChatHub.Conversation.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>
/// <c>POST /api/messages</c>, in this order:
/// <list type="number">
/// <item>the bearer token (<see cref="BotFrameworkTokenValidator"/>): 401 with the reason, 503 if no signing keys
/// could be fetched yet — before the body is read;</item>
/// <item>the body: 415 unless <c>application/json</c>, 413 over <see cref="BotFrameworkOptions.MaxRequestBodyBytes"/>,
/// 400 with the reason when it is not UTF-8, not a JSON activity (or nests deeper than
/// <see cref="BotFrameworkOptions.MaxJsonDepth"/>);</item>
/// <item>the token bound to the activity: <c>serviceurl</c> claim (401), channel endorsement (403), a serviceUrl no
/// Bot Connector token vouches for on the allow-list (403), the tenant (403);</item>
/// <item><see cref="BotFrameworkIngress"/>; 200 once accepted, a duplicate or ignored; 503 with Retry-After when the
/// bus cannot take it (the channel delivers it again). Never 500.</item>
/// </list>
/// </summary>
internal sealed class BotFrameworkActivityHandler
{
    private const int RetryAfterSeconds = 5;

    private readonly BotFrameworkTokenValidator _validator;
    private readonly BotFrameworkIngress _ingress;
    private readonly BotFrameworkOptions _options;
    private readonly BotFrameworkJsonContext _json;
    private readonly ILogger<BotFrameworkActivityHandler> _logger;

    public BotFrameworkActivityHandler(
        BotFrameworkTokenValidator validator, BotFrameworkIngress ingress, IOptions<BotFrameworkOptions> options, ILogger<BotFrameworkActivityHandler> logger)
    {
        _validator = validator;
        _ingress = ingress;
        _options = options.Value;
        _json = BotFrameworkJsonContext.WithMaxDepth(_options.MaxJsonDepth);
        _logger = logger;
    }

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = await _validator.ValidateAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted);
        if (!token.Succeeded)
        {
            return Refuse(context, token);
        }

        if (!context.Request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be application/json (one Bot Framework activity).");
        }

        byte[]? body;
        try
        {
            body = await WebhookBody.ReadAsync(context, _options.MaxRequestBodyBytes);
        }
        catch (BadHttpRequestException ex)
        {
            return Problem(ex.StatusCode, "The body could not be read.");
        }

        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The body exceeds {_options.MaxRequestBodyBytes} bytes.");
        }

        if (!Utf8.IsValid(body))
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not valid UTF-8 JSON.");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, _json.Activity);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, ex.LineNumber is { } line
                ? $"The body is not a Bot Framework activity: malformed JSON, wrong shape or nested too deep at line {line + 1}, byte {ex.BytePositionInLine + 1}."
                : "The body is not a Bot Framework activity: malformed JSON, wrong shape or nested too deep.");
        }

        if (activity is null || string.IsNullOrEmpty(activity.Type))
        {
            return Problem(StatusCodes.Status400BadRequest, "The body must be a JSON object (a Bot Framework activity) with a type.");
        }

        var bound = _validator.CheckActivity(token.Caller!, activity);
        if (!bound.Succeeded)
        {
            return Refuse(context, bound);
        }

        try
        {
            var (outcome, reason) = await _ingress.HandleAsync(activity, context.RequestAborted);
            return outcome == IngressOutcome.Invalid
                ? Problem(StatusCodes.Status400BadRequest, $"The activity is not valid: {reason}.")
                : TypedResults.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            BotFrameworkLog.ActivityPublishFailed(_logger, activity.Id, ex);
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "The activity could not be queued; deliver it again.");
        }
    }

    private ProblemHttpResult Refuse(HttpContext context, AuthenticationResult result)
    {
        BotFrameworkMetrics.Activity(result.StatusCode switch { 401 => "unauthorized", 403 => "forbidden", _ => "unavailable" });
        BotFrameworkLog.ActivityRejected(_logger, result.StatusCode, result.Reason);
        if (result.StatusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        else if (result.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: result.StatusCode, detail: result.Reason);
    }

    private ProblemHttpResult Problem(int status, string detail)
    {
        BotFrameworkMetrics.Activity("invalid");
        BotFrameworkLog.ActivityRejected(_logger, status, detail);
        return TypedResults.Problem(statusCode: status, detail: detail);
    }
}
