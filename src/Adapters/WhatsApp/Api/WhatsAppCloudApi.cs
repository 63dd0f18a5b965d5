using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>
/// A thin client of the WhatsApp Cloud API's messages endpoint, <c>POST {ApiBaseUrl}{phone-number-id}/messages</c>,
/// written from Meta's documentation: one request per call, JSON in and out, the answer as a
/// <see cref="WhatsAppResult{T}"/> value. Retrying and pacing are the caller's (<c>WhatsAppDelivery</c>). The access
/// token travels only in the <c>Authorization</c> header; the named HttpClient has its loggers removed. A timeout is
/// a value; the caller's cancellation throws.
/// </summary>
internal sealed class WhatsAppCloudApi
{
    /// <summary>The name of the <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "ChatHub.WhatsApp";

    private const int MaxResponseBytes = 64 * 1024;

    private readonly IHttpClientFactory _factory;
    private readonly WhatsAppOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WhatsAppCloudApi> _logger;
    private readonly Uri _messages;
    private readonly AuthenticationHeaderValue _authorization;

    public WhatsAppCloudApi(IHttpClientFactory factory, IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<WhatsAppCloudApi> logger)
    {
        _factory = factory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var root = _options.ApiBaseUrl.AbsoluteUri.EndsWith('/') ? _options.ApiBaseUrl : new Uri(_options.ApiBaseUrl.AbsoluteUri + "/");
        _messages = new Uri(root, Uri.EscapeDataString(_options.PhoneNumberId ?? "") + "/messages");
        _authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken); // secret: never logged
    }

    /// <summary>A plain-text message (no link preview), as a reply to <paramref name="replyTo"/> when given; the answer is the new message's id.</summary>
    public Task<WhatsAppResult<string>> SendTextAsync(string to, string text, string? replyTo, CancellationToken cancellationToken)
    {
        var body = Message(to, "text");
        body["text"] = new JsonObject { ["preview_url"] = false, ["body"] = text };
        if (replyTo is not null)
        {
            body["context"] = new JsonObject { ["message_id"] = replyTo };
        }

        return SendMessageAsync("text", body, cancellationToken);
    }

    /// <summary>
    /// A list message (<c>interactive.type = list</c>): <paramref name="text"/> as its body (at most 4,096 characters)
    /// and one section of <paramref name="rows"/> behind <paramref name="button"/>; as a reply to <paramref name="replyTo"/> when given.
    /// </summary>
    public Task<WhatsAppResult<string>> SendListAsync(
        string to, string text, string button, IReadOnlyList<WhatsAppSuggestions.ListRow> rows, string? replyTo, CancellationToken cancellationToken)
    {
        var body = Message(to, "interactive");
        var items = new JsonArray();
        foreach (var row in rows)
        {
            var item = new JsonObject { ["id"] = row.Id, ["title"] = row.Title };
            if (row.Description is not null)
            {
                item["description"] = row.Description;
            }

            items.Add(item);
        }

        body["interactive"] = new JsonObject
        {
            ["type"] = "list",
            ["body"] = new JsonObject { ["text"] = text },
            ["action"] = new JsonObject { ["button"] = button, ["sections"] = new JsonArray(new JsonObject { ["rows"] = items }) },
        };
        if (replyTo is not null)
        {
            body["context"] = new JsonObject { ["message_id"] = replyTo };
        }

        return SendMessageAsync("interactive", body, cancellationToken);
    }

    /// <summary>An approved template without parameters (the only message allowed outside the customer-service window).</summary>
    public Task<WhatsAppResult<string>> SendTemplateAsync(string to, string name, string language, CancellationToken cancellationToken)
    {
        var body = Message(to, "template");
        body["template"] = new JsonObject { ["name"] = name, ["language"] = new JsonObject { ["code"] = language } };
        return SendMessageAsync("template", body, cancellationToken);
    }

    /// <summary>Marks a received message as read (blue ticks) and, when asked, shows "typing…" until the reply or for 25 s.</summary>
    public async Task<WhatsAppResult<bool>> MarkReadAsync(string messageId, bool typing, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["messaging_product"] = "whatsapp", ["status"] = "read", ["message_id"] = messageId };
        if (typing)
        {
            body["typing_indicator"] = new JsonObject { ["type"] = "text" };
        }

        var result = await PostAsync("read", body, cancellationToken);
        return result.Error is { } error ? WhatsAppResult<bool>.Fail(error) : WhatsAppResult<bool>.Ok(true);
    }

    private static JsonObject Message(string to, string type) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["recipient_type"] = "individual",
        ["to"] = to,
        ["type"] = type,
    };

    /// <summary>Posts a message; a success answers <c>{"messaging_product","contacts":[{"input","wa_id"}],"messages":[{"id"}]}</c>.</summary>
    private async Task<WhatsAppResult<string>> SendMessageAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        var result = await PostAsync(operation, body, cancellationToken);
        if (result.Error is { } error)
        {
            return WhatsAppResult<string>.Fail(error);
        }

        using var document = result.Value!;
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
            && messages.GetArrayLength() > 0 && messages[0].ValueKind == JsonValueKind.Object
            && messages[0].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            return WhatsAppResult<string>.Ok(id.GetString()!);
        }

        // Accepted (2xx) without the documented id: the message was sent; it just cannot be referred to.
        return WhatsAppResult<string>.Ok("");
    }

    private async Task<WhatsAppResult<JsonDocument>> PostAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        WhatsAppResult<JsonDocument> result;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _messages);
            request.Headers.Authorization = _authorization;
            request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await _factory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var bytes = await ReadCappedAsync(response.Content, linked.Token);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    result = WhatsAppResult<JsonDocument>.Ok(JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 }));
                }
                catch (JsonException)
                {
                    result = WhatsAppResult<JsonDocument>.Ok(JsonDocument.Parse("{}"));
                }
            }
            else
            {
                result = WhatsAppResult<JsonDocument>.Fail(WhatsAppErrors.Read(response.StatusCode, bytes, RetryAfter(response)));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = WhatsAppResult<JsonDocument>.Fail(new WhatsAppError(
                WhatsAppErrorKind.Timeout, null, null, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            result = WhatsAppResult<JsonDocument>.Fail(new WhatsAppError(WhatsAppErrorKind.Network, null, null, $"request failed ({ex.HttpRequestError})"));
        }

        WhatsAppMetrics.Requests.Add(1, new("operation", operation), new("outcome", result.Error?.Kind.ToString() ?? "Ok"));
        if (result.Error is { } error)
        {
            WhatsAppLog.ApiCallFailed(_logger, operation, error.Kind, error.StatusCode ?? 0, error.Code ?? 0, error.Description);
        }

        return result;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0 && buffer.Length < MaxResponseBytes)
        {
            buffer.Write(chunk, 0, (int)Math.Min(read, MaxResponseBytes - buffer.Length));
        }

        return buffer.ToArray();
    }
}
