using System.Text.Json;

namespace ChatHub.Testing.Images;

/// <summary>Small real image files for the platform fakes, and a reader for the image parts a model request carries.</summary>
public static class TestImages
{
    /// <summary>A 1×1 PNG (a red pixel): a complete, valid file.</summary>
    public static byte[] Png { get; } = Convert.FromHexString(
        "89504E470D0A1A0A0000000D4948445200000001000000010802000000907753DE0000000C4944415408D763F8CFC000000301010018DD8DB00000000049454E44AE426082");

    /// <summary>The PNG as the data URI an OpenAI-compatible request carries it in.</summary>
    public static string PngDataUri => "data:image/png;base64," + Convert.ToBase64String(Png);

    /// <summary>Bytes that are no image (a PDF header), whatever a sender declares.</summary>
    public static byte[] NotAnImage { get; } = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n"u8.ToArray();

    /// <summary>A PNG header followed by zeros up to <paramref name="bytes"/>: the size of an oversized upload.</summary>
    public static byte[] PngOfSize(int bytes)
    {
        var data = new byte[bytes];
        Png.AsSpan(0, Math.Min(Png.Length, bytes)).CopyTo(data);
        return data;
    }

    /// <summary>The <c>image_url</c> URLs in a chat-completions request body's messages (content parts).</summary>
    public static IReadOnlyList<string> ImageUrls(JsonElement body) =>
        [.. body.GetProperty("messages").EnumerateArray()
            .Where(message => message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            .SelectMany(message => message.GetProperty("content").EnumerateArray())
            .Where(part => part.TryGetProperty("type", out var type) && type.GetString() == "image_url")
            .Select(part => part.GetProperty("image_url").GetProperty("url").GetString()!)];

    /// <summary>The text parts (or string content) of the last user message of a request body.</summary>
    public static string LastUserText(JsonElement body)
    {
        var user = body.GetProperty("messages").EnumerateArray().Last(message => message.GetProperty("role").GetString() == "user");
        var content = user.GetProperty("content");
        return content.ValueKind == JsonValueKind.String ? content.GetString()!
            : string.Concat(content.EnumerateArray().Where(part => part.GetProperty("type").GetString() == "text").Select(part => part.GetProperty("text").GetString()));
    }
}
