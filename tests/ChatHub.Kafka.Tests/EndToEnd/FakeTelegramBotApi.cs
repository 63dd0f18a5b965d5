using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Kafka.Tests.EndToEnd;

/// <summary>
/// A loopback Telegram Bot API (<c>POST /bot{token}/{method}</c>) for the egress processes: getMe, sendMessage,
/// editMessageText, sendChatAction and the webhook methods. Every sendMessage is recorded with its chat and the
/// message it answers (<c>reply_parameters.message_id</c>, the update's message id), in arrival order.
/// </summary>
public sealed class FakeTelegramBotApi : IAsyncDisposable
{
    public const string Token = "123456:e2e-token_abcdefghijklmnopqrstuvwxyz";

    private readonly WebApplication _app;
    private readonly List<(long ChatId, long ReplyTo, long At)> _replies = [];
    private readonly HashSet<long> _answered = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _thresholds = [];
    private long _nextMessageId = 1_000_000;
    private long _lastReplyTicks;

    private FakeTelegramBotApi(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Distinct messages answered so far.</summary>
    public int Answered
    {
        get
        {
            lock (_replies)
            {
                return _answered.Count;
            }
        }
    }

    /// <summary>When the last sendMessage arrived (<see cref="Environment.TickCount64"/>).</summary>
    public long LastReplyTicks => Interlocked.Read(ref _lastReplyTicks);

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

    /// <summary>Every recorded sendMessage that answers a message, in arrival order (<c>At</c>: its Stopwatch timestamp).</summary>
    public IReadOnlyList<(long ChatId, long ReplyTo, long At)> Replies()
    {
        lock (_replies)
        {
            return [.. _replies];
        }
    }

    /// <summary>Completes when <paramref name="count"/> distinct messages have been answered.</summary>
    public Task WhenAnsweredAsync(int count)
    {
        lock (_replies)
        {
            if (_answered.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _thresholds.Add((count, reached));
            return reached.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
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
        using var body = JsonDocument.Parse(buffer.Length == 0 ? "{}"u8.ToArray() : buffer.ToArray()); // getMe has no body
        var root = body.RootElement;
        switch (path[(slash + 1)..].ToUpperInvariant())
        {
            case "SENDMESSAGE":
                var chatId = root.GetProperty("chat_id").GetInt64();
                if (root.TryGetProperty("reply_parameters", out var reply) && reply.TryGetProperty("message_id", out var replyTo))
                {
                    Record(chatId, replyTo.GetInt64());
                }

                await WriteAsync(context, MessageJson(Interlocked.Increment(ref _nextMessageId), chatId));
                return;
            case "EDITMESSAGETEXT":
                await WriteAsync(context, MessageJson(root.GetProperty("message_id").GetInt64(), root.GetProperty("chat_id").GetInt64()));
                return;
            case "SENDCHATACTION" or "SETWEBHOOK" or "DELETEWEBHOOK" or "ANSWERCALLBACKQUERY":
                await WriteAsync(context, """{"ok":true,"result":true}""");
                return;
            case "GETME":
                await WriteAsync(context, """{"ok":true,"result":{"id":123456,"is_bot":true,"first_name":"E2E","username":"ChatHubE2EBot"}}""");
                return;
            default:
                context.Response.StatusCode = 404;
                await WriteAsync(context, """{"ok":false,"error_code":404,"description":"Not Found: method not found"}""");
                return;
        }
    }

    private void Record(long chatId, long replyTo)
    {
        Interlocked.Exchange(ref _lastReplyTicks, Environment.TickCount64);
        lock (_replies)
        {
            _replies.Add((chatId, replyTo, Stopwatch.GetTimestamp()));
            if (_answered.Add(replyTo))
            {
                for (var i = _thresholds.Count - 1; i >= 0; i--)
                {
                    if (_answered.Count >= _thresholds[i].Count)
                    {
                        _thresholds[i].Reached.TrySetResult();
                        _thresholds.RemoveAt(i);
                    }
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
