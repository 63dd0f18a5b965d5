#pragma warning disable IDE0005 // also compiled into ChatHub.Hub.Tests, whose implicit usings hold some of these
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
#pragma warning restore IDE0005

namespace ChatHub.Testing.OpenAi;

/// <summary>
/// OpenAI's <c>POST /v1/audio/transcriptions</c> as documented: a <c>multipart/form-data</c> body with the audio in
/// <c>file</c> (with a file name; the extension names the format), <c>model</c> required, <c>language</c>,
/// <c>prompt</c>, <c>response_format</c> (<c>json</c> by default, <c>text</c>, <c>verbose_json</c>) and
/// <c>temperature</c> optional. The answer is <c>{"text": …}</c> (or the plain text, or the verbose object with the
/// language and duration); a missing file or model, or a body that is not multipart, is a 400 with OpenAI's error
/// object. Files over <see cref="MaxTranscriptionBytes"/> (OpenAI's 25 MB) are refused with a 413.
/// </summary>
public sealed partial class FakeOpenAiServer
{
    /// <summary>OpenAI's limit on one audio file.</summary>
    public const long MaxTranscriptionBytes = 25 * 1024 * 1024;

    /// <summary>What the transcriber answers when no <see cref="TranscribeScript"/> is set.</summary>
    public const string DefaultTranscript = "What are your opening hours?";

    /// <summary>When set, the transcript of each request (from what was sent); otherwise <see cref="DefaultTranscript"/>.</summary>
    public Func<FakeTranscriptionRequest, string>? TranscribeScript { get; set; }

    /// <summary>Answer transcription requests with a 500 (a broken server).</summary>
    public bool FailTranscriptions { get; set; }

    /// <summary>Every transcription request, in order.</summary>
    public ConcurrentQueue<FakeTranscriptionRequest> Transcriptions { get; } = new();

    private async Task TranscribeAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, "Could not parse multipart form");
            return;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            await ErrorAsync(context, 413, "Maximum content size limit exceeded.");
            return;
        }

        var file = form.Files.GetFile("file");
        var model = form["model"].ToString();
        if (file is null)
        {
            await ErrorAsync(context, 400, "you must provide a file");
            return;
        }

        if (model.Length == 0)
        {
            await ErrorAsync(context, 400, "you must provide a model parameter");
            return;
        }

        if (file.Length > MaxTranscriptionBytes)
        {
            await ErrorAsync(context, 413, "Maximum content size limit (26214400) exceeded.");
            return;
        }

        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, context.RequestAborted);
        var request = new FakeTranscriptionRequest(
            file.FileName, file.ContentType, bytes.ToArray(), model, Field(form, "language"), Field(form, "prompt"),
            Field(form, "response_format") ?? "json", context.Request.Headers.Authorization.ToString());
        Transcriptions.Enqueue(request);
        if (FailTranscriptions)
        {
            await ErrorAsync(context, 500, "The server had an error while processing your request.", "server_error");
            return;
        }

        var text = TranscribeScript?.Invoke(request) ?? DefaultTranscript;
        switch (request.ResponseFormat)
        {
            case "text":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(text + "\n");
                return;
            case "verbose_json":
                await context.Response.WriteAsJsonAsync(new
                {
                    task = "transcribe",
                    language = request.Language ?? "english",
                    duration = 1.0,
                    text,
                    segments = new[] { new { id = 0, seek = 0, start = 0.0, end = 1.0, text } },
                });
                return;
            case "json":
                await context.Response.WriteAsJsonAsync(new { text });
                return;
            default:
                await ErrorAsync(context, 400, $"Invalid response_format: {request.ResponseFormat}");
                return;
        }
    }

    private static string? Field(IFormCollection form, string name) => form.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    private static Task ErrorAsync(HttpContext context, int status, string message, string type = "invalid_request_error")
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code = (string?)null } });
    }
}
