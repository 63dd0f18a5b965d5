using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// The Bot API through Telegram.Bot's <see cref="TelegramBotClient"/>, each answer a <see cref="TelegramResult{T}"/>
/// value. The library client runs on our named <see cref="HttpClient"/> (connection cap, no request loggers: the
/// token is in every URL) with its own retries off (<c>RetryThreshold = 0</c>, <c>RetryCount = 0</c>): the rate
/// limiter and <c>TelegramDelivery</c> decide about waiting and retrying. Each call has its own timeout, a
/// <see cref="TelegramErrorKind.Timeout"/> value; the caller's cancellation throws <see cref="OperationCanceledException"/>.
/// Errors are classified by <see cref="TelegramErrors"/>.
/// </summary>
internal sealed class TelegramBotApi
{
    /// <summary>The name of the <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "ChatHub.Telegram";

    private readonly IHttpClientFactory _factory;
    private readonly TelegramOptions _options;
    private readonly TelegramBotClientOptions _clientOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramBotApi> _logger;

    public TelegramBotApi(IHttpClientFactory factory, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramBotApi> logger)
    {
        _factory = factory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // The library keeps only the scheme and authority of the base URL (a path prefix is dropped): see the README.
        _clientOptions = new TelegramBotClientOptions(_options.Token!, _options.ApiBaseUrl.AbsoluteUri)
        {
            RetryThreshold = 0,
            RetryCount = 0,
        };
    }

    public Task<TelegramResult<User>> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync(new GetMeRequest(), _options.RequestTimeout, cancellationToken);

    /// <summary>
    /// One long poll; <paramref name="offset"/> confirms every update before it. The raw request (updates as JSON
    /// elements), decoded update by update (<see cref="TelegramUpdateBatch"/>): the library's own getUpdates fails the
    /// whole batch on one update it cannot read.
    /// </summary>
    public async Task<TelegramResult<TelegramUpdateBatch>> GetUpdatesAsync(long? offset, CancellationToken cancellationToken)
    {
        var request = new RawGetUpdatesRequest
        {
            Offset = offset is { } value ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : null,
            Limit = _options.PollingLimit,
            Timeout = (int)_options.PollingTimeout.TotalSeconds,
            AllowedUpdates = TelegramUpdateTypes.Allowed,
        };
        var result = await CallAsync(request, _options.RequestTimeout + _options.PollingTimeout, cancellationToken);
        return result.Value is { } elements
            ? TelegramResult<TelegramUpdateBatch>.Ok(TelegramUpdateBatch.Decode(elements))
            : TelegramResult<TelegramUpdateBatch>.Fail(result.Error!);
    }

    public Task<TelegramResult<Message>> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) =>
        CallAsync(request, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<Message>> EditMessageTextAsync(EditMessageTextRequest request, CancellationToken cancellationToken) =>
        CallAsync(request, _options.RequestTimeout, cancellationToken);

    /// <summary>A voice note (<c>sendVoice</c>, multipart: the Ogg Opus file in <c>voice</c>).</summary>
    public Task<TelegramResult<Message>> SendVoiceAsync(SendVoiceRequest request, CancellationToken cancellationToken) =>
        CallAsync(request, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<bool>> SendChatActionAsync(SendChatActionRequest request, CancellationToken cancellationToken) =>
        CallAsync(request, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<bool>> AnswerCallbackQueryAsync(AnswerCallbackQueryRequest request, CancellationToken cancellationToken) =>
        CallAsync(request, _options.RequestTimeout, cancellationToken);

    public Task<TelegramResult<bool>> SetWebhookAsync(SetWebhookRequest request, CancellationToken cancellationToken) =>
        CallAsync(request, _options.RequestTimeout, cancellationToken);

    /// <summary>A file's <c>file_path</c> and size (<c>getFile</c>), for <see cref="OpenFileAsync"/>.</summary>
    public Task<TelegramResult<TGFile>> GetFileAsync(string fileId, CancellationToken cancellationToken) =>
        CallAsync(new GetFileRequest { FileId = fileId }, _options.RequestTimeout, cancellationToken);

    /// <summary>
    /// Opens a file's download (<c>{api}/file/bot{token}/{file_path}</c>) on our named client (no request loggers: the
    /// token is in the URL, which never goes into a log or an exception message of ours). The response is the caller's
    /// to dispose; its status is checked here.
    /// </summary>
    public async Task<HttpResponseMessage> OpenFileAsync(string filePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var address = new Uri(_options.ApiBaseUrl, $"/file/bot{_options.Token}/{filePath.TrimStart('/')}");
        var response = await _factory.CreateClient(HttpClientName).GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.Unknown, $"The file download answered {(int)status}.", null, status);
        }

        return response;
    }

    private async Task<TelegramResult<T>> CallAsync<T>(RequestBase<T> request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        TelegramResult<T> result;
        try
        {
            // A library client per call: it is a thin shell, and the factory's HttpClient is meant to be short-lived.
            var client = new TelegramBotClient(_clientOptions, _factory.CreateClient(HttpClientName));
            result = TelegramResult<T>.Ok(await client.SendRequest(request, linked.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex.InnerException is OperationCanceledException && linked.IsCancellationRequested)
        {
            // The library wraps a cancellation while it reads the answer in a RequestException: the same as one before.
            cancellationToken.ThrowIfCancellationRequested();
            if (ex is OperationCanceledException && !timeoutSource.IsCancellationRequested)
            {
                throw; // not ours, nor the caller's
            }

            result = TelegramResult<T>.Fail(new TelegramError(TelegramErrorKind.Timeout, $"no answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (Exception ex) when (TelegramErrors.TryClassify(ex) is { } error)
        {
            result = TelegramResult<T>.Fail(error);
        }

        TelegramMetrics.Requests.Add(1, new("method", request.MethodName), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        if (result.Error is { } failure)
        {
            TelegramLog.ApiCallFailed(_logger, request.MethodName, failure.Kind, failure.ErrorCode ?? 0, failure.Description);
        }

        return result;
    }
}
