using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>
/// A thin Bot API client: one POST per method with a JSON body, the answer as a <see cref="TelegramResult{T}"/>
/// value. The token is part of every URL, so the URL is never logged and the named HttpClient has its
/// request loggers removed. Each call has its own timeout; a timeout is a <see cref="TelegramErrorKind.Timeout"/>
/// value, while the caller's cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed partial class TelegramBotClient
{
    /// <summary>The name of the <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "ChatHub.Telegram";

    private readonly IHttpClientFactory _factory;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramBotClient> _logger;
    private readonly string _prefix;

    public TelegramBotClient(IHttpClientFactory factory, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramBotClient> logger)
    {
        _factory = factory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _prefix = $"{_options.ApiBaseUrl.AbsoluteUri.TrimEnd('/')}/bot{_options.Token}/"; // secret: never logged
    }

    public Task<TelegramResult<User>> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync<object, User>("getMe", null, null, TelegramJsonContext.Default.ApiResponseUser, _options.RequestTimeout, cancellationToken);

    /// <summary>Long-polls for updates; <paramref name="offset"/> confirms every update before it.</summary>
    /// <summary>One long poll; the updates are decoded one by one (<see cref="TelegramUpdateBatch"/>).</summary>
    public async Task<TelegramResult<TelegramUpdateBatch>> GetUpdatesAsync(long? offset, CancellationToken cancellationToken)
    {
        var request = new GetUpdatesRequest
        {
            Offset = offset,
            Limit = _options.PollingLimit,
            Timeout = (int)_options.PollingTimeout.TotalSeconds,
            AllowedUpdates = TelegramUpdateTypes.Allowed,
        };
        var result = await CallAsync("getUpdates", request, TelegramJsonContext.Default.GetUpdatesRequest,
            TelegramJsonContext.Default.ApiResponseJsonElementArray, _options.RequestTimeout + _options.PollingTimeout, cancellationToken);
        return result.Value is { } elements
            ? TelegramResult<TelegramUpdateBatch>.Ok(TelegramUpdateBatch.Decode(elements))
            : TelegramResult<TelegramUpdateBatch>.Fail(result.Error ?? new TelegramError(TelegramErrorKind.InvalidResponse, "getUpdates returned no result"));
    }

    public Task<TelegramResult<Message>> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) =>
        CallAsync("sendMessage", request, TelegramJsonContext.Default.SendMessageRequest,
            TelegramJsonContext.Default.ApiResponseMessage, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<Message>> EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken) =>
        CallAsync("editMessageText", request, TelegramJsonContext.Default.EditMessageTextRequest,
            TelegramJsonContext.Default.ApiResponseMessage, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<bool>> SendChatActionAsync(SendChatActionRequest request, CancellationToken cancellationToken) =>
        CallAsync("sendChatAction", request, TelegramJsonContext.Default.SendChatActionRequest,
            TelegramJsonContext.Default.ApiResponseBoolean, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<bool>> AnswerCallbackQueryAsync(AnswerCallbackQueryRequest request, CancellationToken cancellationToken) =>
        CallAsync("answerCallbackQuery", request, TelegramJsonContext.Default.AnswerCallbackQueryRequest,
            TelegramJsonContext.Default.ApiResponseBoolean, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<bool>> SetWebhookAsync(SetWebhookRequest request, CancellationToken cancellationToken) =>
        CallAsync("setWebhook", request, TelegramJsonContext.Default.SetWebhookRequest,
            TelegramJsonContext.Default.ApiResponseBoolean, _options.RequestTimeout, cancellationToken);

    private async Task<TelegramResult<T>> CallAsync<TRequest, T>(
        string method,
        TRequest? request,
        JsonTypeInfo<TRequest>? requestInfo,
        JsonTypeInfo<ApiResponse<T>> responseInfo,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        TelegramResult<T> result;
        try
        {
            var client = _factory.CreateClient(HttpClientName);
            using var content = request is null ? null : JsonContent.Create(request, requestInfo!);
            using var response = await client.PostAsync(new Uri(_prefix + method), content, linked.Token);
            result = await TelegramResponseReader.ReadAsync(response, responseInfo, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = TelegramResult<T>.Fail(new TelegramError(TelegramErrorKind.Timeout, $"no answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            // The exception's message may name the host but never the path; log only its category.
            result = TelegramResult<T>.Fail(new TelegramError(TelegramErrorKind.Network, $"request failed ({ex.HttpRequestError})"));
        }

        TelegramMetrics.Requests.Add(1, new("method", method), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        if (result.Error is { } error)
        {
            TelegramLog.ApiCallFailed(_logger, method, error.Kind, error.ErrorCode ?? 0, error.Description);
        }

        return result;
    }
}
