using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Telegram;

public sealed partial class FakeBotApi
{
    private (int Status, string Body) Answer(string method, JsonObject body, long? chatId)
    {
        switch (method.ToUpperInvariant())
        {
            case "GETFILE":
                return GetFile(body["file_id"]?.GetValue<string>());
            case "GETME":
                return (200, Ok(new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "ChatHub Test", ["username"] = BotUsername }));
            case "SENDMESSAGE":
                var text = body["text"]?.GetValue<string>() ?? "";
                if (chatId is null || text.Length is 0 or > 4096)
                {
                    return (400, Error(400, text.Length > 4096 ? "Bad Request: message is too long" : "Bad Request: message text is empty"));
                }

                if ((EntityError(body, text) ?? MarkupError(body)) is { } sendError)
                {
                    return (400, Error(400, sendError));
                }

                lock (_gate)
                {
                    var id = ++_nextMessageId;
                    var replyTo = body["reply_parameters"]?["message_id"]?.GetValue<long>();
                    var markup = body["reply_markup"]?.DeepClone() as JsonObject;
                    _messages.Add(new FakeMessage(chatId.Value, id, text, replyTo, body["message_thread_id"]?.GetValue<long>(), 0) { ReplyMarkup = markup });
                    RecordSentLocked(new SentMessage(chatId.Value, replyTo, text, id, Now()));
                    return (200, Ok(MessageJson(chatId.Value, id, text, markup)));
                }

            case "EDITMESSAGETEXT":
                var messageId = body["message_id"]?.GetValue<long>();
                var newText = body["text"]?.GetValue<string>() ?? "";
                if ((EntityError(body, newText) ?? MarkupError(body)) is { } editError)
                {
                    return (400, Error(400, editError));
                }

                lock (_gate)
                {
                    var index = _messages.FindIndex(m => m.ChatId == chatId && m.MessageId == messageId);
                    if (index < 0)
                    {
                        return (400, Error(400, "Bad Request: message to edit not found"));
                    }

                    var newMarkup = body["reply_markup"]?.DeepClone() as JsonObject;
                    if (_messages[index].Text == newText && JsonNode.DeepEquals(_messages[index].ReplyMarkup, newMarkup))
                    {
                        return (400, Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"));
                    }

                    _messages[index] = _messages[index] with { Text = newText, Edits = _messages[index].Edits + 1, ReplyMarkup = newMarkup };
                    return (200, Ok(MessageJson(chatId!.Value, messageId!.Value, newText, newMarkup)));
                }

            case "ANSWERCALLBACKQUERY":
                var queryId = body["callback_query_id"]?.GetValue<string>();
                return string.IsNullOrEmpty(queryId)
                    ? (400, Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"))
                    : (200, Ok(JsonValue.Create(true)));
            case "SENDVOICE":
                return SendVoice(body, chatId);
            case "SENDCHATACTION" or "SETWEBHOOK" or "DELETEWEBHOOK" or "SETMYCOMMANDS":
                return (200, Ok(JsonValue.Create(true)));
            default:
                return (404, Error(404, "Not Found: method not found"));
        }
    }

    private async Task<string> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<long>();
        var limit = body["limit"]?.GetValue<int>() ?? 100;
        var timeout = TimeSpan.FromSeconds(body["timeout"]?.GetValue<int>() ?? 0);
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        expiry.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (offset is { } confirmed)
                {
                    _updates.RemoveAll(u => u.Id < confirmed);
                    ConfirmedOffset = confirmed;
                }

                var batch = _updates.OrderBy(u => u.Id).Take(limit).Select(u => u.Json).ToList();
                if (batch.Count > 0 || expiry.IsCancellationRequested)
                {
                    return "{\"ok\":true,\"result\":[" + string.Join(",", batch) + "]}";
                }

                arrived = _updateArrived.Task;
            }

            await arrived.WaitAsync(expiry.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Fault? TakeFault(string method, long? chatId)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && (f.ChatId is null || f.ChatId == chatId));
            if (fault is null)
            {
                return null;
            }

            if (fault.Skip > 0)
            {
                fault.Skip--;
                return null;
            }

            if (--fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    private void Record(string method, string token, JsonObject body, int status)
    {
        var call = new BotApiCall(method, token, body, status, DateTimeOffset.UtcNow);
        List<Waiter> done = [];
        lock (_gate)
        {
            _calls.Add(call);
            foreach (var waiter in _waiters)
            {
                var matched = _calls.Where(waiter.Match).Take(waiter.Count).ToList();
                if (matched.Count == waiter.Count)
                {
                    done.Add(waiter);
                    waiter.Result = matched;
                }
            }

            _waiters.RemoveAll(done.Contains);
        }

        foreach (var waiter in done)
        {
            waiter.Done.TrySetResult(waiter.Result!);
        }
    }

    /// <summary>
    /// The call's parameters: a JSON body, or a multipart one (a call that uploads a file, as the Bot API takes it: each
    /// parameter a field, objects as JSON text; the file in the parameter's own field, or in a part of any name that the
    /// parameter names as <c>attach://name</c>, which is how Telegram.Bot sends it; each file's bytes kept base64 with its
    /// name and type, see <see cref="BotApiCall.FileBytes"/>).
    /// </summary>
    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var body = new JsonObject();
            foreach (var (name, value) in form)
            {
                body[name] = FieldValue(value.ToString());
            }

            foreach (var file in form.Files)
            {
                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes, context.RequestAborted);
                var uploaded = new JsonObject
                {
                    ["file_name"] = file.FileName, ["content_type"] = file.ContentType, ["size"] = file.Length, ["base64"] = Convert.ToBase64String(bytes.ToArray()),
                };
                var attachedAs = body.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out var text) && text == "attach://" + file.Name).Select(p => p.Key).FirstOrDefault();
                body[attachedAs ?? file.Name] = uploaded;
            }

            return body;
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static JsonNode? FieldValue(string value)
    {
        if (value.StartsWith('{') || value.StartsWith('['))
        {
            return JsonNode.Parse(value);
        }

        return long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : value == "true" || value == "false" ? JsonValue.Create(value == "true") : JsonValue.Create(value);
    }

    /// <summary>
    /// <c>sendVoice</c> as documented: a voice note (an uploaded file, or a file id) in OGG/OPUS, MP3 or M4A, at most
    /// 50 MB for a bot, a caption of at most 1,024 characters. The message it posts carries <c>voice</c>.
    /// </summary>
    private (int Status, string Body) SendVoice(JsonObject body, long? chatId)
    {
        var voice = body["voice"];
        if (chatId is null || voice is null)
        {
            return (400, Error(400, chatId is null ? "Bad Request: chat not found" : "Bad Request: there is no voice in the request"));
        }

        if ((body["caption"]?.GetValue<string>()?.Length ?? 0) > 1024)
        {
            return (400, Error(400, "Bad Request: message caption is too long"));
        }

        var bytes = voice is JsonObject ? Convert.FromBase64String(voice["base64"]!.GetValue<string>()) : null;
        if (bytes is { Length: > 50 * 1024 * 1024 })
        {
            return (413, Error(413, "Request Entity Too Large"));
        }

        if (bytes is not null && !(bytes.AsSpan().StartsWith("OggS"u8) || bytes.AsSpan().StartsWith("ID3"u8) || (bytes.Length > 8 && bytes.AsSpan(4, 4).SequenceEqual("ftyp"u8))))
        {
            return (400, Error(400, "Bad Request: wrong file type: a voice note is OGG/OPUS, MP3 or M4A"));
        }

        lock (_gate)
        {
            var id = ++_nextMessageId;
            var replyTo = body["reply_parameters"]?["message_id"]?.GetValue<long>();
            _messages.Add(new FakeMessage(chatId.Value, id, "", replyTo, body["message_thread_id"]?.GetValue<long>(), 0));
            var message = MessageJson(chatId.Value, id, "");
            message.Remove("text");
            message["voice"] = new JsonObject
            {
                ["file_id"] = $"AwACAgIAAxkDAAI-sent-voice-{id}", ["file_unique_id"] = $"AgAD-sent-{id}",
                ["duration"] = body["duration"]?.GetValue<long>() ?? 1, ["mime_type"] = "audio/ogg", ["file_size"] = bytes?.Length ?? 0,
            };
            return (200, Ok(message));
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static JsonObject MessageJson(long chatId, long messageId, string text, JsonObject? markup = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "ChatHub Test", ["username"] = BotUsername },
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId < 0 ? "supergroup" : "private" },
            ["date"] = 1767225600,
            ["text"] = text,
        };
        if (markup is not null)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return message;
    }

    /// <summary>The button texts of an InlineKeyboardMarkup, row by row.</summary>
    public static IReadOnlyList<string> ButtonTextsOf(JsonObject? markup) =>
        markup?["inline_keyboard"] is JsonArray rows
            ? [.. rows.OfType<JsonArray>().SelectMany(row => row).Select(button => button?["text"]?.GetValue<string>() ?? "")]
            : [];

    /// <summary>
    /// What Telegram answers for a bad inline keyboard: each button needs a text and exactly one action; callback_data is
    /// 1 to 64 bytes (core.telegram.org/bots/api#inlinekeyboardbutton).
    /// </summary>
    private static string? MarkupError(JsonObject body)
    {
        if (body["reply_markup"] is not { } markup)
        {
            return null;
        }

        if (markup["inline_keyboard"] is not JsonArray rows || rows.Any(row => row is not JsonArray))
        {
            return "Bad Request: can't parse reply keyboard markup JSON object";
        }

        foreach (var button in rows.OfType<JsonArray>().SelectMany(row => row))
        {
            if (button is not JsonObject b || b["text"]?.GetValue<string>() is not { Length: > 0 })
            {
                return "Bad Request: text buttons are unallowed in the inline keyboard";
            }

            var data = b["callback_data"]?.GetValue<string>();
            var url = b["url"]?.GetValue<string>();
            if ((data is null) == (url is null))
            {
                return "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field";
            }

            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "https" or "http" or "tg"))
            {
                return "Bad Request: BUTTON_URL_INVALID";
            }

            if (data is not null && System.Text.Encoding.UTF8.GetByteCount(data) is 0 or > 64)
            {
                return "Bad Request: BUTTON_DATA_INVALID";
            }
        }

        return null;
    }

    private static string Ok(JsonNode result) => new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString();

    private static string Error(int code, string description, int? retryAfter = null, long? migrateTo = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is not null || migrateTo is not null)
        {
            var parameters = new JsonObject();
            if (retryAfter is { } seconds)
            {
                parameters["retry_after"] = seconds;
            }

            if (migrateTo is { } to)
            {
                parameters["migrate_to_chat_id"] = to;
            }

            error["parameters"] = parameters;
        }

        return error.ToJsonString(JsonOptions);
    }

    /// <summary>The request's <c>entities</c>, as sent.</summary>
    public static IReadOnlyList<SentEntity> EntitiesOf(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body["entities"] is JsonArray entities
            ? [.. entities.Select(e => new SentEntity(
                e!["type"]!.GetValue<string>(), e["offset"]!.GetValue<int>(), e["length"]!.GetValue<int>(),
                e["url"]?.GetValue<string>(), e["language"]?.GetValue<string>()))]
            : [];
    }

    /// <summary>What Telegram answers for entities outside the text (offsets and lengths count UTF-16 code units).</summary>
    private static string? EntityError(JsonObject body, string text)
    {
        foreach (var entity in EntitiesOf(body))
        {
            if (entity.Offset < 0 || entity.Length <= 0 || entity.Offset + entity.Length > text.Length)
            {
                return $"Bad Request: can't parse entities: entity {entity.Type} at {entity.Offset}+{entity.Length} is outside the text of {text.Length}";
            }
        }

        return null;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class Waiter(Func<BotApiCall, bool> match, int count)
    {
        public Func<BotApiCall, bool> Match { get; } = match;

        public int Count { get; } = count;

        public IReadOnlyList<BotApiCall>? Result { get; set; }

        public TaskCompletionSource<IReadOnlyList<BotApiCall>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Fault(string Method, long? ChatId, int ErrorCode, string Description, int? RetryAfter, long? MigrateTo, TimeSpan? Hang, string? RawBody)
    {
        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}
