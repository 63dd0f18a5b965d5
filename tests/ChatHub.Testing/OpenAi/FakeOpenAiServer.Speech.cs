#pragma warning disable IDE0005 // also compiled into ChatHub.Hub.Tests, whose implicit usings hold some of these
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Testing.Audio;
using Microsoft.AspNetCore.Http;
#pragma warning restore IDE0005

namespace ChatHub.Testing.OpenAi;

/// <summary>
/// OpenAI's <c>POST /v1/audio/speech</c> as documented: a JSON body with <c>model</c>, <c>input</c> (at most
/// <see cref="MaxSpeechInput"/> characters) and <c>voice</c> required, <c>response_format</c> (<c>mp3</c> by default;
/// <c>opus</c>, <c>aac</c>, <c>flac</c>, <c>wav</c>, <c>pcm</c>) and <c>speed</c> (0.25 to 4) optional; the answer is
/// the audio's bytes. A missing field, a longer input or a speed out of range is a 400 with OpenAI's error object. The
/// fake speaks in tones: real Ogg Opus (<see cref="TestAudio.OggOpus"/>) of about a second per
/// <see cref="CharactersPerSecond"/> characters; it can make only <c>opus</c>, and answers the other formats with a 400
/// that says so.
/// </summary>
public sealed partial class FakeOpenAiServer
{
    /// <summary>OpenAI's limit on one request's <c>input</c>.</summary>
    public const int MaxSpeechInput = 4096;

    /// <summary>How fast the fake speaks (about a person's pace).</summary>
    public const double CharactersPerSecond = 15;

    private static readonly string[] SpeechFormats = ["mp3", "opus", "aac", "flac", "wav", "pcm"];

    /// <summary>Answer speech requests with a 500 (a broken server).</summary>
    public bool FailSpeech { get; set; }

    /// <summary>When set, the bytes to answer each speech request with instead of the tone (e.g. something that is not audio).</summary>
    public Func<FakeSpeechRequest, byte[]>? SpeechScript { get; set; }

    /// <summary>Every speech request, in order.</summary>
    public ConcurrentQueue<FakeSpeechRequest> Speeches { get; } = new();

    /// <summary>The audio the fake answers for <paramref name="input"/> (when no <see cref="SpeechScript"/> is set).</summary>
    public static byte[] SpokenAudio(string input) =>
        TestAudio.OggOpus(Math.Clamp(input.Length / CharactersPerSecond, 0.2, 30), hertz: 220 + input.Length % 400);

    private async Task SpeakAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await ErrorAsync(context, 400, "We could not parse the JSON body of your request.");
            return;
        }

        var model = Text(body, "model");
        var input = Text(body, "input");
        var voice = Text(body, "voice");
        var format = Text(body, "response_format") ?? "mp3";
        var speed = body["speed"] is JsonValue s && s.TryGetValue<double>(out var value) ? value : (double?)null;
        var missing = model is null ? "model" : input is null ? "input" : voice is null ? "voice" : null;
        if (missing is not null)
        {
            await ErrorAsync(context, 400, $"Missing required parameter: '{missing}'.");
            return;
        }

        if (input!.Length > MaxSpeechInput)
        {
            await ErrorAsync(context, 400, $"[{{'type': 'string_too_long', 'loc': ('body', 'input'), 'msg': 'String should have at most {MaxSpeechInput} characters'}}]");
            return;
        }

        if (!SpeechFormats.Contains(format) || speed is < 0.25 or > 4)
        {
            await ErrorAsync(context, 400, speed is < 0.25 or > 4 ? "Invalid speed: must be between 0.25 and 4.0" : $"Invalid response_format: {format}");
            return;
        }

        var request = new FakeSpeechRequest(model!, input, voice!, format, speed, context.Request.Headers.Authorization.ToString());
        Speeches.Enqueue(request);
        if (FailSpeech)
        {
            await ErrorAsync(context, 500, "The server had an error while processing your request.", "server_error");
            return;
        }

        if (format != "opus" && SpeechScript is null)
        {
            await ErrorAsync(context, 400, $"The fake speaks only opus, not {format}.");
            return;
        }

        var audio = SpeechScript?.Invoke(request) ?? SpokenAudio(input);
        context.Response.ContentType = "audio/ogg";
        context.Response.ContentLength = audio.Length;
        await context.Response.Body.WriteAsync(audio, context.RequestAborted);
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
