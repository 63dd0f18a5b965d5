using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Api;

/// <summary>
/// A thin client of Slack's Web API, written from api.slack.com/web: one <c>POST {ApiBaseUrl}/{method}</c> per call
/// with a JSON body (<c>application/json; charset=utf-8</c>) and the token as <c>Authorization: Bearer</c> (never in the
/// URL), the answer as a <see cref="SlackResult{T}"/> value. HTTP 429 is <see cref="SlackErrorKind.RateLimited"/> with
/// the <c>Retry-After</c> header; HTTP 200 with <c>ok:false</c> is classified by its <c>error</c> code
/// (<see cref="SlackError.Classify"/>). No budgets and no retries here: that is egress policy (<c>SlackDelivery</c>).
/// A timeout is a value; the caller's cancellation throws. The named HttpClient has its loggers removed.
/// </summary>
internal sealed class SlackWebApiClient
{
    /// <summary>The name of the <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "ChatHub.Slack";

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly IHttpClientFactory _factory;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackWebApiClient> _logger;
    private readonly string _base;

    public SlackWebApiClient(IHttpClientFactory factory, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackWebApiClient> logger)
    {
        _factory = factory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var baseUrl = _options.ApiBaseUrl.AbsoluteUri;
        _base = baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
    }

    /// <summary><c>auth.test</c> with the bot token: the bot's user id, bot id and workspace.</summary>
    public Task<SlackResult<AuthTestResponse>> AuthTestAsync(CancellationToken cancellationToken) =>
        SendAsync("auth.test", _options.BotToken, EmptyRequest.Instance, SlackApiJsonContext.Default.EmptyRequest, SlackApiJsonContext.Default.AuthTestResponse, cancellationToken);

    public Task<SlackResult<MessageResponse>> PostMessageAsync(PostMessageRequest request, CancellationToken cancellationToken) =>
        SendAsync("chat.postMessage", _options.BotToken, request, SlackApiJsonContext.Default.PostMessageRequest, SlackApiJsonContext.Default.MessageResponse, cancellationToken);

    public Task<SlackResult<MessageResponse>> UpdateMessageAsync(UpdateMessageRequest request, CancellationToken cancellationToken) =>
        SendAsync("chat.update", _options.BotToken, request, SlackApiJsonContext.Default.UpdateMessageRequest, SlackApiJsonContext.Default.MessageResponse, cancellationToken);

    /// <summary><c>apps.connections.open</c> with the app-level token: a WebSocket URL for Socket Mode.</summary>
    public Task<SlackResult<ConnectionsOpenResponse>> OpenConnectionAsync(CancellationToken cancellationToken) =>
        SendAsync("apps.connections.open", _options.AppToken, EmptyRequest.Instance, SlackApiJsonContext.Default.EmptyRequest, SlackApiJsonContext.Default.ConnectionsOpenResponse, cancellationToken);

    private async Task<SlackResult<T>> SendAsync<TRequest, T>(
        string method, string? token, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<T> responseInfo, CancellationToken cancellationToken)
        where T : SlackResponse
    {
        using var timeoutSource = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        SlackResult<T> result;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base + method));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token); // secret: never logged
            request.Content = JsonContent.Create(body, requestInfo, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
            using var response = await _factory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            result = await ReadAsync(response, responseInfo, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = SlackResult<T>.Fail(new SlackError(SlackErrorKind.Timeout, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            result = SlackResult<T>.Fail(new SlackError(SlackErrorKind.Network, $"request failed ({ex.HttpRequestError})"));
        }

        SlackMetrics.Requests.Add(1, new("method", method), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        if (result.Error is { } error)
        {
            SlackLog.ApiCallFailed(_logger, method, error.Kind, error.Status ?? 0, error.Description);
        }

        return result;
    }

    internal static async Task<SlackResult<T>> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> responseInfo, CancellationToken cancellationToken)
        where T : SlackResponse
    {
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            return SlackResult<T>.Fail(new SlackError(SlackErrorKind.RateLimited, "ratelimited", status, RetryAfter(response) ?? DefaultRetryAfter));
        }

        if (!response.IsSuccessStatusCode)
        {
            var kind = status >= 500 ? SlackErrorKind.ServerError : status is 401 or 403 ? SlackErrorKind.Unauthorized : status == 404 ? SlackErrorKind.NotFound : SlackErrorKind.Rejected;
            return SlackResult<T>.Fail(new SlackError(kind, $"HTTP {status}", status));
        }

        T? value;
        try
        {
            value = await response.Content.ReadFromJsonAsync(responseInfo, cancellationToken);
        }
        catch (JsonException)
        {
            return SlackResult<T>.Fail(new SlackError(SlackErrorKind.InvalidResponse, "an answer that is not the expected JSON", status));
        }

        if (value is null)
        {
            return SlackResult<T>.Fail(new SlackError(SlackErrorKind.InvalidResponse, "empty answer", status));
        }

        if (value.Ok)
        {
            return SlackResult<T>.Ok(value);
        }

        var code = value.Error is { Length: > 0 and <= 100 } e && e.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? e : "unknown_error";
        var errorKind = SlackError.Classify(code);
        return SlackResult<T>.Fail(new SlackError(errorKind, code, status, errorKind == SlackErrorKind.RateLimited ? RetryAfter(response) ?? DefaultRetryAfter : null));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { Delta: { } delta })
        {
            return delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 86400
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
