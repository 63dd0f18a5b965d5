using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatHub.Sqlite.Tests.Process;

/// <summary>
/// A loopback Telegram Bot API (<c>POST /bot{token}/{method}</c>) that outlives the hub processes it serves: every
/// sendMessage is recorded in arrival order with its chat, text and the message it answers
/// (<c>reply_parameters.message_id</c>). <see cref="Pause"/> holds new sendMessage calls before they take effect (a
/// call whose caller dies meanwhile never posts), <see cref="SendDelay"/> makes each one slow (the 0.4 s).
/// </summary>
public sealed class FakeTelegramBotApi : IAsyncDisposable
{
    public const string Token = "123456:durable-token_abcdefghijklmnopqrstuvwxyz";

    private readonly WebApplication _app;
    private readonly List<SentMessage> _sent = [];
    private readonly Dictionary<long, int> _answers = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _thresholds = [];
    private TaskCompletionSource _open = Opened();
    private long _nextMessageId = 5_000_000;
    private int _inFlight;
    private long _lastSendTicks = Environment.TickCount64;

    private FakeTelegramBotApi(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long each sendMessage takes before it posts (zero: at once).</summary>
    public TimeSpan SendDelay { get; set; }

    /// <summary>Distinct messages answered (sendMessage with reply_parameters) so far.</summary>
    public int Answered
    {
        get
        {
            lock (_sent)
            {
                return _answers.Count;
            }
        }
    }

    /// <summary>sendMessage calls past the hold and not yet answered (posting, or about to).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When the last sendMessage posted (<see cref="Environment.TickCount64"/>).</summary>
    public long LastSendTicks => Interlocked.Read(ref _lastSendTicks);

    public static async Task<FakeTelegramBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTelegramBotApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>Every sendMessage posted, in order.</summary>
    public IReadOnlyList<SentMessage> Sent()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    /// <summary>New sendMessage calls wait (and post nothing if their caller goes away) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_sent)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_sent)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="count"/> distinct messages have been answered.</summary>
    public Task WhenAnsweredAsync(int count)
    {
        lock (_sent)
        {
            if (_answers.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _thresholds.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>Completes with the next sendMessage to <paramref name="chatId"/> whose text contains <paramref name="fragment"/>.</summary>
    public async Task<SentMessage> NextToAsync(long chatId, string fragment, int after)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var match = Sent().Skip(after).FirstOrDefault(m => m.ChatId == chatId && m.Text.Contains(fragment, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }

            await timer.WaitForNextTickAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Resume();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var slash = path.IndexOf('/', 1);
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash < 0 || path[4..slash] != Token)
        {
            context.Response.StatusCode = 401;
            await WriteAsync(context, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        using var body = JsonDocument.Parse(buffer.Length == 0 ? "{}"u8.ToArray() : buffer.ToArray());
        var root = body.RootElement;
        switch (path[(slash + 1)..].ToUpperInvariant())
        {
            case "SENDMESSAGE":
                await SendMessageAsync(context, root);
                return;
            case "EDITMESSAGETEXT":
                await WriteAsync(context, MessageJson(root.GetProperty("message_id").GetInt64(), root.GetProperty("chat_id").GetInt64()));
                return;
            case "SENDCHATACTION" or "SETWEBHOOK" or "DELETEWEBHOOK" or "SETMYCOMMANDS" or "ANSWERCALLBACKQUERY":
                await WriteAsync(context, """{"ok":true,"result":true}""");
                return;
            case "GETME":
                await WriteAsync(context, """{"ok":true,"result":{"id":123456,"is_bot":true,"first_name":"Durable","username":"ChatHubDurableBot"}}""");
                return;
            default:
                context.Response.StatusCode = 404;
                await WriteAsync(context, """{"ok":false,"error_code":404,"description":"Not Found: method not found"}""");
                return;
        }
    }

    private async Task SendMessageAsync(HttpContext context, JsonElement root)
    {
        while (true)
        {
            Task open;
            lock (_sent)
            {
                open = _open.Task;
                if (open.IsCompleted)
                {
                    _inFlight++; // past the hold: Pause() waits for it (InFlight)
                    break;
                }
            }

            try
            {
                await open.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the caller died while held: never posted
            }
        }

        try
        {
            if (SendDelay > TimeSpan.Zero)
            {
                await Task.Delay(SendDelay, context.RequestAborted); // the platform working; a dead caller's call never posts
            }

            var chatId = root.GetProperty("chat_id").GetInt64();
            long? replyTo = root.TryGetProperty("reply_parameters", out var reply) && reply.TryGetProperty("message_id", out var id) ? id.GetInt64() : null;
            var messageId = Interlocked.Increment(ref _nextMessageId);
            Record(new SentMessage(chatId, replyTo, root.GetProperty("text").GetString() ?? "", messageId));
            await WriteAsync(context, MessageJson(messageId, chatId));
        }
        catch (OperationCanceledException)
        {
            // the caller died during the delay: never posted
        }
        finally
        {
            lock (_sent)
            {
                _inFlight--;
            }
        }
    }

    private void Record(SentMessage message)
    {
        Interlocked.Exchange(ref _lastSendTicks, Environment.TickCount64);
        lock (_sent)
        {
            _sent.Add(message);
            if (message.ReplyTo is not { } replyTo)
            {
                return;
            }

            _answers[replyTo] = _answers.GetValueOrDefault(replyTo) + 1;
            for (var i = _thresholds.Count - 1; i >= 0; i--)
            {
                if (_answers.Count >= _thresholds[i].Count)
                {
                    _thresholds[i].Reached.TrySetResult();
                    _thresholds.RemoveAt(i);
                }
            }
        }
    }

    private static string MessageJson(long messageId, long chatId) =>
        "{\"ok\":true,\"result\":{\"message_id\":" + messageId.ToString(CultureInfo.InvariantCulture)
        + ",\"date\":1767225600,\"chat\":{\"id\":" + chatId.ToString(CultureInfo.InvariantCulture) + ",\"type\":\"private\"}}}";

    private static Task WriteAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
    }
}

/// <summary>One sendMessage as the fake posted it.</summary>
public sealed record SentMessage(long ChatId, long? ReplyTo, string Text, long MessageId);
