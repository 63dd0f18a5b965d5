using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using ChatHub.LoadGen.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.LoadGen.Fakes;

/// <summary>
/// One loopback Kestrel in the load generator serving both fakes the hub talks to:
/// <list type="bullet">
/// <item>the Telegram Bot API (<c>POST /bot{token}/{method}</c>): getMe, sendMessage, editMessageText,
/// sendChatAction and the webhook methods; a sendMessage's arrival time is the reply time of the message it answers
/// (found by <c>reply_parameters.message_id</c>, which is the update's message id);</item>
/// <item>a slow OpenAI-compatible model (<c>POST /v1/chat/completions</c>, streaming or not) that answers after a
/// fixed delay, in one content chunk, so the first visible reply is the whole answer.</item>
/// </list>
/// No rate limits here: the subject is the hub.
/// </summary>
internal sealed partial class FakeServices : IAsyncDisposable
{
    public const string Token = "123456:bench-token_abcdefghijklmnopqrstuvwxyz";
    public const long BotId = 123456;

    private readonly WebApplication _app;
    private readonly int _modelDelayMs;
    private StepRecorder? _recorder;
    private long _nextMessageId = 1_000_000;
    private int _modelInFlight;

    private FakeServices(WebApplication app, int modelDelayMs)
    {
        _app = app;
        _modelDelayMs = modelDelayMs;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public FakeCounters Counters { get; } = new();

    public static async Task<FakeServices> StartAsync(int modelDelayMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeServices(app, modelDelayMs);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>Replies from now on are matched against this step's messages.</summary>
    public void BeginStep(StepRecorder? recorder)
    {
        Counters.Reset();
        Volatile.Write(ref _recorder, recorder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? "";
        var body = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
        try
        {
            if (path.StartsWith("/bot", StringComparison.Ordinal))
            {
                await BotApiAsync(context, path, body.Buffer, now);
            }
            else if (path == "/v1/chat/completions")
            {
                await ModelAsync(context, body.Buffer);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        }
        finally
        {
            context.Request.BodyReader.AdvanceTo(body.Buffer.End);
        }
    }

    private static async Task<ReadResult> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private Task BotApiAsync(HttpContext context, string path, ReadOnlySequence<byte> body, long now)
    {
        var slash = path.IndexOf('/', 1);
        if (slash < 0 || !path.AsSpan(4, slash - 4).SequenceEqual(Token))
        {
            context.Response.StatusCode = 401;
            return Write(context, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
        }

        switch (path[(slash + 1)..].ToUpperInvariant())
        {
            case "SENDMESSAGE":
                var message = SendMessageBody.Parse(body);
                Interlocked.Increment(ref Counters.SendMessage);
                if (message.ReplyTo is { } replyTo)
                {
                    if (Volatile.Read(ref _recorder) is not { } recorder || !recorder.TryRecordReply(replyTo, now, message.IsFallback))
                    {
                        Interlocked.Increment(ref Counters.StaleReplies);
                    }
                }

                return Write(context, MessageJson(Interlocked.Increment(ref _nextMessageId), message.ChatId));
            case "EDITMESSAGETEXT":
                Interlocked.Increment(ref Counters.Edits);
                var edit = SendMessageBody.Parse(body);
                return Write(context, MessageJson(edit.MessageId, edit.ChatId));
            case "SENDCHATACTION":
                Interlocked.Increment(ref Counters.ChatActions);
                return Write(context, """{"ok":true,"result":true}""");
            case "GETME":
                return Write(context, $$$"""{"ok":true,"result":{"id":{{{BotId}}},"is_bot":true,"first_name":"Bench","username":"ChatHubBenchBot"}}""");
            case "SETWEBHOOK" or "DELETEWEBHOOK" or "ANSWERCALLBACKQUERY":
                return Write(context, """{"ok":true,"result":true}""");
            default:
                context.Response.StatusCode = 404;
                return Write(context, """{"ok":false,"error_code":404,"description":"Not Found: method not found"}""");
        }
    }

    private static string MessageJson(long messageId, long chatId) =>
        "{\"ok\":true,\"result\":{\"message_id\":" + messageId.ToString(CultureInfo.InvariantCulture)
        + ",\"date\":1767225600,\"chat\":{\"id\":" + chatId.ToString(CultureInfo.InvariantCulture) + ",\"type\":\"private\"}}}";

    private static Task Write(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
    }
}
