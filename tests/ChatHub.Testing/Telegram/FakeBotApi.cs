using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.Telegram;

/// <summary>
/// A loopback fake of the Telegram Bot API (real HTTP on 127.0.0.1, port 0), written from the documented protocol:
/// <c>POST /bot{token}/{method}</c> with a JSON body, answers <c>{"ok":true,"result":…}</c> or
/// <c>{"ok":false,"error_code":…,"description":…,"parameters":{…}}</c>. It records every call, keeps the bot's
/// messages per chat (edits applied, "message is not modified" for identical text), serves queued updates to
/// getUpdates with long polling and offset confirmation, and answers errors on demand (<see cref="FailNext"/>).
/// For hub processes it also counts the answered messages and can be slow or paused (FakeBotApi.Delivery.cs).
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const long BotId = 123456;
    public const string BotUsername = "ChatHubTestBot";
    public const string Token = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz012";

    private readonly Lock _gate = new();
    private readonly List<BotApiCall> _calls = [];
    private readonly List<Waiter> _waiters = [];
    private readonly List<Fault> _faults = [];
    private readonly List<FakeMessage> _messages = [];
    private readonly List<(long Id, string Json)> _updates = [];
    private readonly WebApplication _app;
    private TaskCompletionSource _updateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextMessageId = 5000;

    private FakeBotApi(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The last offset a getUpdates call confirmed.</summary>
    public long? ConfirmedOffset { get; private set; }

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    public IReadOnlyList<BotApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<BotApiCall> CallsTo(string method, long? chatId = null) =>
        [.. Calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && (chatId is null || c.ChatId == chatId))];

    /// <summary>The bot's messages in a chat, oldest first, with their current text.</summary>
    public IReadOnlyList<FakeMessage> MessagesIn(long chatId)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => m.ChatId == chatId).OrderBy(m => m.MessageId)];
        }
    }

    /// <summary>Completes with the first <paramref name="count"/> calls of the method (and chat) once they happened.</summary>
    public Task<IReadOnlyList<BotApiCall>> WaitForCallsAsync(string method, long? chatId = null, int count = 1, Func<BotApiCall, bool>? where = null)
    {
        bool Match(BotApiCall c) => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
            && (chatId is null || c.ChatId == chatId) && (where is null || where(c));
        lock (_gate)
        {
            var matched = _calls.Where(Match).Take(count).ToList();
            if (matched.Count == count)
            {
                return Task.FromResult<IReadOnlyList<BotApiCall>>(matched);
            }

            var waiter = new Waiter(Match, count);
            _waiters.Add(waiter);
            return waiter.Done.Task;
        }
    }

    /// <summary>
    /// Answers the next <paramref name="times"/> calls of the method (to the chat, if given) with an error, after
    /// letting <paramref name="afterCalls"/> of them through; <paramref name="hang"/> delays the answer.
    /// </summary>
    public void FailNext(string method, int errorCode, string description, long? chatId = null, int? retryAfter = null,
        long? migrateToChatId = null, int times = 1, TimeSpan? hang = null, string? rawBody = null, int afterCalls = 0)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, chatId, errorCode, description, retryAfter, migrateToChatId, hang, rawBody) { Remaining = times, Skip = afterCalls });
        }
    }

    /// <summary>Ends every pending fault (an outage started with a large <c>times</c> ends here).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>
    /// The <c>callback_query</c> update Telegram sends when <paramref name="fromId"/> presses the button of message
    /// <paramref name="messageId"/> (a message the bot sent, as the chat shows it now, keyboard included) whose
    /// callback_data is <paramref name="data"/>. By default the person of the private chat presses the button at
    /// <paramref name="buttonIndex"/>; give <paramref name="data"/> or <paramref name="fromId"/> to forge one.
    /// Post it to the webhook or <see cref="EnqueueUpdate"/> it.
    /// </summary>
    public string CallbackQueryUpdate(long chatId, long messageId, long updateId, int buttonIndex = 0, string? data = null, long? fromId = null)
    {
        JsonObject message;
        lock (_gate)
        {
            var shown = _messages.Single(m => m.ChatId == chatId && m.MessageId == messageId);
            message = MessageJson(chatId, messageId, shown.Text, shown.ReplyMarkup);
        }

        var buttons = message["reply_markup"]?["inline_keyboard"] is JsonArray rows ? rows.OfType<JsonArray>().SelectMany(row => row).ToList() : [];
        data ??= buttons.ElementAtOrDefault(buttonIndex)?["callback_data"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Message {messageId} has no button {buttonIndex}.");
        var presser = fromId ?? chatId;
        return new JsonObject
        {
            ["update_id"] = updateId,
            ["callback_query"] = new JsonObject
            {
                ["id"] = string.Create(CultureInfo.InvariantCulture, $"{presser}{updateId}"),
                ["from"] = new JsonObject { ["id"] = presser, ["is_bot"] = false, ["first_name"] = "Test", ["language_code"] = "en" },
                ["message"] = message,
                ["chat_instance"] = "-6094893938469520145",
                ["data"] = data,
            },
        }.ToJsonString();
    }

    /// <summary>Queues an update (raw JSON) for getUpdates.</summary>
    public void EnqueueUpdate(string json)
    {
        var id = JsonNode.Parse(json)!["update_id"]!.GetValue<long>();
        lock (_gate)
        {
            _updates.Add((id, json));
            _updateArrived.TrySetResult();
            _updateArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume(); // held calls end (their callers are gone by now)
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/file/bot", StringComparison.Ordinal))
        {
            await ServeFileAsync(context, path);
            return;
        }

        var slash = path.IndexOf('/', 1);
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash < 0)
        {
            await WriteAsync(context, 404, Error(404, "Not Found"));
            return;
        }

        var token = path[4..slash];
        var method = path[(slash + 1)..];
        var body = await ReadBodyAsync(context);
        if (token != Token)
        {
            Record(method, token, body, 401);
            await WriteAsync(context, 401, Error(401, "Unauthorized"));
            return;
        }

        var chatId = body["chat_id"]?.GetValue<long>();
        if (TakeFault(method, chatId) is { } fault)
        {
            Record(method, token, body, fault.ErrorCode);
            if (fault.Hang is { } hang)
            {
                await Task.Delay(hang, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (fault.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, fault.ErrorCode, fault.RawBody ?? Error(fault.ErrorCode, fault.Description, fault.RetryAfter, fault.MigrateTo));
            return;
        }

        if (method.Equals("getUpdates", StringComparison.OrdinalIgnoreCase))
        {
            Record(method, token, body, 200);
            await WriteAsync(context, 200, await GetUpdatesAsync(body, context.RequestAborted));
            return;
        }

        if (method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase))
        {
            await SendMessageAsync(context, method, token, body, chatId);
            return;
        }

        var (status, response) = Answer(method, body, chatId);
        Record(method, token, body, status);
        await WriteAsync(context, status, response);
    }

    /// <summary>A sendMessage waits out <see cref="Pause"/> and <see cref="SendDelay"/>; if its caller went away meanwhile it never posts.</summary>
    private async Task SendMessageAsync(HttpContext context, string method, string token, JsonObject body, long? chatId)
    {
        if (!await HoldAsync(context))
        {
            return;
        }

        try
        {
            var (status, response) = Answer(method, body, chatId);
            Record(method, token, body, status);
            await WriteAsync(context, status, response);
        }
        finally
        {
            Released();
        }
    }
}
