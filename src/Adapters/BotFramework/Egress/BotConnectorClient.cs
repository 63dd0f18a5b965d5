using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatHub.Adapters.BotFramework.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Posts one activity to the Bot Connector: <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities[/{replyToId}]</c>
/// with the ids URL-escaped (Teams ids contain <c>: ; @ =</c>) and the bot's bearer token. The answer is a
/// <see cref="BotFrameworkResult{T}"/> value; a timeout is a value too, while the caller's cancellation throws.
/// The final request URL is checked against <see cref="ServiceUrlPolicy"/> right before the token is attached,
/// whatever the caller checked before: the token never leaves for a host that is not a Bot Framework service.
/// </summary>
internal sealed class BotConnectorClient
{
    private readonly IHttpClientFactory _factory;
    private readonly ServiceUrlPolicy _serviceUrls;
    private readonly BotFrameworkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotConnectorClient> _logger;

    public BotConnectorClient(
        IHttpClientFactory factory, ServiceUrlPolicy serviceUrls, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotConnectorClient> logger)
    {
        _factory = factory;
        _serviceUrls = serviceUrls;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The activities URL of a conversation (or of the activity replied to).</summary>
    public static Uri ActivitiesUri(Uri serviceUrl, string conversationId, string? replyToId)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var baseUrl = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl.AbsoluteUri : serviceUrl.AbsoluteUri + "/";
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
        }

        return new Uri(baseUrl + path);
    }

    public async Task<BotFrameworkResult<string>> PostAsync(
        BotFrameworkTarget target, OutboundActivity activity, bool asReply, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(activity);
        var operation = activity.Type;
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var uri = ActivitiesUri(target.ServiceUrl, target.ConversationId, asReply ? target.ReplyToId : null);
        if (_serviceUrls.Check(uri) is { } refused)
        {
            BotFrameworkMetrics.Requests.Add(1, new("operation", operation), new("outcome", nameof(BotFrameworkErrorKind.NotAllowed)));
            return BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.NotAllowed, refused));
        }

        BotFrameworkResult<string> result;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = JsonContent.Create(activity, BotFrameworkJsonContext.Default.OutboundActivity),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var client = _factory.CreateClient(BotFrameworkTokenProvider.HttpClientName);
            using var response = await client.SendAsync(request, linked.Token);
            result = await ReadAsync(response, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.Timeout, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            result = BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.Network, $"request failed ({ex.HttpRequestError})"));
        }

        BotFrameworkMetrics.Requests.Add(1, new("operation", operation), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        if (result.Error is { } error)
        {
            BotFrameworkLog.ConnectorCallFailed(_logger, operation, error.Kind, error.StatusCode ?? 0, error.Description);
        }

        return result;
    }

    private async Task<BotFrameworkResult<string>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            var description = await BotFrameworkResponses.DescribeAsync(response, cancellationToken);
            return BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkError.Classify(status), description, status, BotFrameworkResponses.RetryAfter(response, _time)));
        }

        try
        {
            // {"id": "…"}; some channels answer 200/201/202 with an empty body, which is still a success.
            var body = response.Content.Headers.ContentLength == 0
                ? null
                : await response.Content.ReadFromJsonAsync(BotFrameworkJsonContext.Default.ResourceResponse, cancellationToken);
            return BotFrameworkResult<string>.Ok(body?.Id ?? "");
        }
        catch (System.Text.Json.JsonException)
        {
            return BotFrameworkResult<string>.Ok("");
        }
    }
}
