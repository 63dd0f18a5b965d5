using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// A thin REST client: one request per call, JSON in and out, the answer as a <see cref="DiscordResult{T}"/>
/// value. Every request passes the <see cref="DiscordRateLimiter"/> first (a call whose bucket is known to be
/// empty is not sent: it returns a local <see cref="DiscordErrorKind.RateLimited"/> with the wait) and teaches it
/// the response's rate-limit headers after. Retrying is the caller's choice (<c>DiscordDelivery</c>). The token
/// travels only in the <c>Authorization</c> header; the named HttpClient has its loggers removed. A timeout is
/// a value; the caller's cancellation throws.
/// </summary>
internal sealed class DiscordRestClient
{
    /// <summary>The name of the <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "ChatHub.Discord";

    /// <summary>Discord asks for <c>DiscordBot (url, version)</c>; Cloudflare may block requests without it.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/chathub, 1.0)";

    private readonly IHttpClientFactory _factory;
    private readonly DiscordRateLimiter _limiter;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly string _base;
    private readonly string _authorization;

    public DiscordRestClient(
        IHttpClientFactory factory, DiscordRateLimiter limiter, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        _factory = factory;
        _limiter = limiter;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _base = _options.ApiBaseUrl.AbsoluteUri.TrimEnd('/');
        _authorization = "Bot " + _options.Token; // secret: never logged
    }

    public Task<DiscordResult<GatewayBotResponse>> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync<object, GatewayBotResponse>(DiscordRoute.GatewayBot(), null, null, DiscordJsonContext.Default.GatewayBotResponse, cancellationToken);

    public Task<DiscordResult<DiscordMessage>> CreateMessageAsync(string channelId, CreateMessageRequest request, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.CreateMessage(channelId), request, DiscordJsonContext.Default.CreateMessageRequest,
            DiscordJsonContext.Default.DiscordMessage, cancellationToken);

    public Task<DiscordResult<DiscordMessage>> EditMessageAsync(
        string channelId, string messageId, EditMessageRequest request, CancellationToken cancellationToken) =>
        SendAsync(DiscordRoute.EditMessage(channelId, messageId), request, DiscordJsonContext.Default.EditMessageRequest,
            DiscordJsonContext.Default.DiscordMessage, cancellationToken);

    /// <summary>Answers an interaction (204 No Content); due within 3 s of the press.</summary>
    public Task<DiscordResult<bool>> CreateInteractionResponseAsync(
        string interactionId, string token, InteractionResponse response, CancellationToken cancellationToken) =>
        SendAsync<InteractionResponse, bool>(DiscordRoute.InteractionCallback(interactionId, token), response,
            DiscordJsonContext.Default.InteractionResponse, null, cancellationToken);

    /// <summary>Shows "typing…" in the channel for 10 s (204 No Content).</summary>
    public Task<DiscordResult<bool>> TriggerTypingAsync(string channelId, CancellationToken cancellationToken) =>
        SendAsync<object, bool>(DiscordRoute.TriggerTyping(channelId), null, null, null, cancellationToken);

    private async Task<DiscordResult<T>> SendAsync<TRequest, T>(
        DiscordRoute route,
        TRequest? body,
        JsonTypeInfo<TRequest>? requestInfo,
        JsonTypeInfo<T>? responseInfo,
        CancellationToken cancellationToken)
    {
        var wait = _limiter.TryAcquire(route);
        if (wait > TimeSpan.Zero)
        {
            return DiscordResult<T>.Fail(new DiscordError(DiscordErrorKind.RateLimited, "bucket exhausted", RetryAfter: wait, Local: true));
        }

        using var timeoutSource = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        DiscordResult<T> result;
        try
        {
            using var request = new HttpRequestMessage(route.Method, new Uri(_base + route.Path));
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Content = body is null ? null : JsonContent.Create(body, requestInfo!);
            using var response = await _factory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            result = await DiscordResponseReader.ReadAsync(route, response, responseInfo, _limiter, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = DiscordResult<T>.Fail(new DiscordError(DiscordErrorKind.Timeout, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            result = DiscordResult<T>.Fail(new DiscordError(DiscordErrorKind.Network, $"request failed ({ex.HttpRequestError})"));
        }

        DiscordMetrics.Requests.Add(1, new("route", route.RouteKey), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        if (result.Error is { } error)
        {
            DiscordLog.ApiCallFailed(_logger, route.RouteKey, error.Kind, error.Status ?? 0, error.Description);
        }

        return result;
    }
}
