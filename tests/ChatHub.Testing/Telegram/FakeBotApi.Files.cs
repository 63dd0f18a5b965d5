using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.Telegram;

/// <summary>
/// Files, as the Bot API serves them: <c>getFile</c> answers a <c>File</c> (<c>file_id</c>, <c>file_unique_id</c>,
/// <c>file_size</c>, <c>file_path</c>), and <c>GET /file/bot{token}/{file_path}</c> the bytes (404 for an unknown path,
/// 401 for a wrong token). Photos arrive in updates as <c>message.photo</c>, an array of sizes (<see cref="PhotoUpdate"/>),
/// voice notes as <c>message.voice</c> (<see cref="VoiceUpdate"/>).
/// </summary>
public sealed partial class FakeBotApi
{
    private readonly Dictionary<string, (string Path, byte[] Bytes, string ContentType)> _files = new(StringComparer.Ordinal);
    private readonly List<string> _downloads = [];

    /// <summary>The file paths downloaded with the right token, in order.</summary>
    public IReadOnlyList<string> Downloads
    {
        get
        {
            lock (_gate)
            {
                return [.. _downloads];
            }
        }
    }

    /// <summary>Makes a file known under <paramref name="fileId"/>; returns its <c>file_path</c>.</summary>
    public string AddFile(string fileId, byte[] bytes)
    {
        lock (_gate)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"photos/file_{_files.Count}.jpg");
            _files[fileId] = (path, bytes, "image/jpeg");
            return path;
        }
    }

    /// <summary>Makes a voice note known under <paramref name="fileId"/> (Telegram keeps them as <c>voice/file_N.oga</c>); returns its <c>file_path</c>.</summary>
    public string AddVoiceFile(string fileId, byte[] bytes)
    {
        lock (_gate)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"voice/file_{_files.Count}.oga");
            _files[fileId] = (path, bytes, "audio/ogg");
            return path;
        }
    }

    /// <summary>
    /// A private-chat update with a voice note in Telegram's shape (<c>message.voice</c>: <c>file_id</c>,
    /// <c>file_unique_id</c>, <c>duration</c> in seconds, <c>mime_type</c> <c>audio/ogg</c>, <c>file_size</c>), and an
    /// optional caption.
    /// </summary>
    public static string VoiceUpdate(long chatId, long messageId, long updateId, string fileId, long fileSize, int seconds, string? caption = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Grace", ["language_code"] = "en" },
            ["chat"] = new JsonObject { ["id"] = chatId, ["first_name"] = "Grace", ["type"] = "private" },
            ["date"] = 1767225602,
            ["voice"] = new JsonObject
            {
                ["file_id"] = fileId, ["file_unique_id"] = "AgADvoice", ["duration"] = seconds, ["mime_type"] = "audio/ogg", ["file_size"] = fileSize,
            },
        };
        if (caption is not null)
        {
            message["caption"] = caption;
        }

        return new JsonObject { ["update_id"] = updateId, ["message"] = message }.ToJsonString();
    }

    /// <summary>
    /// A private-chat update with a photo in Telegram's shape: three sizes, smallest first (the largest is
    /// <paramref name="fileId"/> with <paramref name="fileSize"/> declared; the smaller ones get suffixes), and an
    /// optional caption.
    /// </summary>
    public static string PhotoUpdate(long chatId, long messageId, long updateId, string fileId, long fileSize, string? caption = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Grace", ["language_code"] = "en" },
            ["chat"] = new JsonObject { ["id"] = chatId, ["first_name"] = "Grace", ["type"] = "private" },
            ["date"] = 1767225602,
            ["photo"] = new JsonArray(
                Size(fileId + "-s", "AQADs", 1_203, 90, 67),
                Size(fileId + "-m", "AQADm", 14_011, 320, 240),
                Size(fileId, "AQADx", fileSize, 1280, 960)),
        };
        if (caption is not null)
        {
            message["caption"] = caption;
        }

        return new JsonObject { ["update_id"] = updateId, ["message"] = message }.ToJsonString();

        static JsonObject Size(string id, string unique, long size, int width, int height) =>
            new() { ["file_id"] = id, ["file_unique_id"] = unique, ["file_size"] = size, ["width"] = width, ["height"] = height };
    }

    private (int Status, string Body) GetFile(string? fileId)
    {
        lock (_gate)
        {
            if (fileId is null || !_files.TryGetValue(fileId, out var file))
            {
                return (400, Error(400, "Bad Request: invalid file_id"));
            }

            return (200, Ok(new JsonObject
            {
                ["file_id"] = fileId,
                ["file_unique_id"] = "AQAD" + file.Path.Length.ToString(CultureInfo.InvariantCulture),
                ["file_size"] = file.Bytes.Length,
                ["file_path"] = file.Path,
            }));
        }
    }

    private async Task ServeFileAsync(HttpContext context, string path)
    {
        var rest = path["/file/bot".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || rest[..slash] != Token)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var filePath = rest[(slash + 1)..];
        byte[]? bytes;
        string? contentType;
        lock (_gate)
        {
            (_, bytes, contentType) = _files.Values.FirstOrDefault(f => f.Path == filePath);
            if (bytes is not null)
            {
                _downloads.Add(filePath);
            }
        }

        if (bytes is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
