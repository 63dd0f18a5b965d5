using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Telegram.BotApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// <c>POST /webhooks/telegram</c>. Checks the secret header in constant time (401), the content type (415: Telegram
/// always sends <c>application/json</c>), caps the body (413), parses one Update strictly (400 with the reason when
/// it is not UTF-8, malformed, not an object, nested too deep, or a required member is missing or null), hands it to
/// <see cref="TelegramIngress"/> and
/// answers 200 only once it is accepted, a duplicate, or ignored. When it cannot be accepted (the bot's identity
/// is not known yet, the bus fails) the answer is 503 with Retry-After, which Telegram honours: never a 500.
/// </summary>
internal sealed class TelegramWebhookHandler
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private const int RetryAfterSeconds = 5;

    /// <summary>Required members per the Bot API (core.telegram.org/bots/api), for the types an Update carries.</summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(Message)] = ["message_id", "date", "chat"],
        [typeof(Chat)] = ["id", "type"],
        [typeof(User)] = ["id", "is_bot", "first_name"],
        [typeof(MessageEntity)] = ["type", "offset", "length"],
        [typeof(CallbackQuery)] = ["id", "from", "chat_instance"],
    };

    /// <summary>
    /// Update as the webhook reads it, stricter than the shared (egress and polling) context:
    /// <list type="bullet">
    /// <item>the members the Bot API marks required must be present (a chat without an id would otherwise read as
    /// chat 0 and be answered there; a message without an id would collide in de-duplication);</item>
    /// <item>nullability is respected: <c>"chat": null</c> is a 400 at the door, not a null deep in the mapper;</item>
    /// <item>a repeated member is a 400 (ambiguous JSON: parsers disagree on which value wins).</item>
    /// </list>
    /// Polling keeps the lenient context (one odd update must not fail a whole batch); the mapper copes with its nulls.
    /// </summary>
    private static readonly JsonTypeInfo<Update> StrictUpdate = StrictJson.For<Update>(TelegramJsonContext.Default, Required);

    private readonly TelegramIngress _ingress;
    private readonly TelegramBotIdentity _identity;
    private readonly TelegramOptions _options;
    private readonly byte[]? _secretHash;
    private readonly ILogger<TelegramWebhookHandler> _logger;

    public TelegramWebhookHandler(TelegramIngress ingress, TelegramBotIdentity identity, IOptions<TelegramOptions> options, ILogger<TelegramWebhookHandler> logger)
    {
        _ingress = ingress;
        _identity = identity;
        _options = options.Value;
        _secretHash = _options.WebhookSecret is { Length: > 0 } secret ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : null;
        _logger = logger;
    }

    public async Task<Results<Ok, ProblemHttpResult>> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsAuthentic(context.Request.Headers[SecretHeader].ToString()))
        {
            TelegramLog.WebhookRejected(_logger, 401, "missing or wrong secret token");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: $"Missing or wrong {SecretHeader} header.");
        }

        if (!context.Request.HasJsonContentType())
        {
            TelegramLog.WebhookRejected(_logger, 415, "not application/json");
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be application/json (one Telegram Update).");
        }

        if (!_identity.IsKnown)
        {
            return Unavailable(context, "The bot is starting (getMe has not answered yet).");
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context);
        }
        catch (BadHttpRequestException ex)
        {
            TelegramLog.WebhookRejected(_logger, ex.StatusCode, "unreadable body");
            return TypedResults.Problem(statusCode: ex.StatusCode, detail: "The body could not be read.");
        }

        if (body is null)
        {
            TelegramLog.WebhookRejected(_logger, 413, "body too large");
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body exceeds {_options.MaxWebhookBodyBytes} bytes.");
        }

        if (!Utf8.IsValid(body))
        {
            TelegramLog.WebhookRejected(_logger, 400, "not UTF-8");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body is not valid UTF-8 JSON.");
        }

        Update? update;
        try
        {
            update = JsonSerializer.Deserialize(body, StrictUpdate);
        }
        catch (JsonException ex)
        {
            var reason = ex.LineNumber is { } line
                ? $"The body is not a Telegram Update: malformed JSON or wrong shape at line {line + 1}, byte {ex.BytePositionInLine + 1}."
                : "The body is not a Telegram Update: malformed JSON or wrong shape (update_id is required; chat, chat.type and the like may not be null).";
            TelegramLog.WebhookRejected(_logger, 400, "malformed JSON");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: reason);
        }

        if (update is null)
        {
            TelegramLog.WebhookRejected(_logger, 400, "not a JSON object");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body must be a JSON object (a Telegram Update).");
        }

        try
        {
            await _ingress.HandleAsync(update, context.RequestAborted);
            return TypedResults.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            TelegramLog.UpdatePublishFailed(_logger, update.UpdateId, ex);
            return Unavailable(context, "The update could not be queued; Telegram will deliver it again.");
        }
    }

    private bool IsAuthentic(string presented)
    {
        if (_secretHash is null)
        {
            return true; // AllowUnauthenticatedWebhook (validated at start)
        }

        // Hashing first makes the comparison constant-time in the length too.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, _secretHash);
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
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail);
    }
}
