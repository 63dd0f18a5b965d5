#pragma warning disable IDE0005 // also compiled into ChatHub.Hub.Tests, whose implicit usings hold some of these
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
#pragma warning restore IDE0005

namespace ChatHub.Testing.OpenAi;

/// <summary>
/// A real HTTP server on a loopback port that speaks the OpenAI chat-completions API: JSON replies, server-sent-event
/// streams (flushed chunk by chunk, with a usage chunk last when the request asks for it), 500 errors, or a stream
/// that stalls, as <see cref="Mode"/> says. It records what it was sent, and when a client went away mid-stream.
/// </summary>
public sealed partial class FakeOpenAiServer : IAsyncDisposable
{
    public static readonly string[] StreamPieces = ["Hel", "lo", " from", " the", " fake"];

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _streamAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _connections = new();
    private int _requests;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public FakeOpenAiMode Mode { get; set; } = FakeOpenAiMode.Reply;

    public int Requests => Volatile.Read(ref _requests);

    public string? LastAuthorization { get; private set; }

    public JsonElement LastBody { get; private set; }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>When set, answers every request with the turn it returns for the request body (tool-calling scripts).</summary>
    public Func<JsonElement, FakeOpenAiTurn>? Script { get; set; }

    /// <summary>Every request body, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<JsonElement> Bodies { get; } = new();

    /// <summary>How long each answer is held back (to have many requests open at once).</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>Completes when the client of a stalled stream disconnected (the server saw RequestAborted).</summary>
    public Task StreamAborted => _streamAborted.Task;

    /// <summary>The TCP connections requests came on.</summary>
    public IReadOnlyCollection<string> Connections => [.. _connections.Keys];

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/v1/audio/transcriptions", server.TranscribeAsync);
        app.MapPost("/v1/audio/speech", server.SpeakAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri($"{address}/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        _connections.TryAdd(context.Connection.Id, 0);
        if (ReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(ReplyDelay, context.RequestAborted);
        }
        LastAuthorization = context.Request.Headers.Authorization;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        LastBody = body.RootElement.Clone();
        Bodies.Enqueue(LastBody);
        if (Script is { } script)
        {
            var turn = script(LastBody);
            if (LastBody.TryGetProperty("stream", out var streamed) && streamed.GetBoolean())
            {
                context.Response.ContentType = "text/event-stream";
                foreach (var chunk in turn.ToChunks(Requests))
                {
                    await WriteEventAsync(context, chunk);
                }

                await WriteEventAsync(context, "[DONE]");
            }
            else
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(turn.ToJson(Requests));
            }

            return;
        }

        switch (Mode)
        {
            case FakeOpenAiMode.Fail:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "boom", type = "server_error" } });
                return;
            case FakeOpenAiMode.Reply when !LastBody.TryGetProperty("stream", out var stream) || !stream.GetBoolean():
                await context.Response.WriteAsync(
                    """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"fake-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""");
                return;
            case FakeOpenAiMode.StallAfterFirstPiece:
                context.Response.ContentType = "text/event-stream";
                await WriteEventAsync(context, Chunk(StreamPieces[0], "null"));
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    _streamAborted.TrySetResult();
                }

                return;
            default:
                context.Response.ContentType = "text/event-stream";
                for (var i = 0; i < StreamPieces.Length; i++)
                {
                    await WriteEventAsync(context, Chunk(StreamPieces[i], i == StreamPieces.Length - 1 ? "\"stop\"" : "null"));
                }

                if (LastBody.TryGetProperty("stream_options", out var streamOptions)
                    && streamOptions.TryGetProperty("include_usage", out var includeUsage) && includeUsage.GetBoolean())
                {
                    await WriteEventAsync(context,
                        """{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""");
                }

                await WriteEventAsync(context, "[DONE]");
                return;
        }
    }

    private static string Chunk(string piece, string finishReason) =>
        $$"""{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(piece)}}},"finish_reason":{{finishReason}}}]}""";

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
        await context.Response.Body.FlushAsync();
    }
}
