namespace ChatHub.Conversation.Images;

/// <summary>
/// The image types the hub accepts (JPEG, PNG, WebP, GIF), told from the first bytes of the file, never from a
/// declared type or a file name.
/// </summary>
public static class ImageFormats
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs.</summary>
    public const int SniffLength = 12;

    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Webp = "image/webp";
    public const string Gif = "image/gif";

    /// <summary>The accepted media types.</summary>
    public static IReadOnlyList<string> Allowed { get; } = [Jpeg, Png, Webp, Gif];

    /// <summary>The media type the bytes start with, or null when they are none of the accepted types.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        return head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? Webp : null;
    }

    /// <summary>
    /// False when a platform declared a type that is plainly not an accepted image (<c>application/pdf</c>, <c>image/tiff</c>);
    /// true when it declared an accepted one, a wildcard (<c>image/*</c>, as Teams does) or nothing (the bytes decide).
    /// </summary>
    public static bool MayBeAllowed(string? declaredType)
    {
        if (string.IsNullOrWhiteSpace(declaredType))
        {
            return true;
        }

        var type = declaredType.Split(';', 2)[0].Trim();
        return type.Equals("image/*", StringComparison.OrdinalIgnoreCase) || type.Equals("image/jpg", StringComparison.OrdinalIgnoreCase)
            || Allowed.Any(allowed => allowed.Equals(type, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when a declared type says image at all (<c>image/…</c>): what adapters take as an image attachment.</summary>
    public static bool IsImageType(string? declaredType) =>
        declaredType is not null && declaredType.TrimStart().StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    /// <summary>A size for people: "20 MB", "512 KB".</summary>
    public static string Describe(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{Math.Max(1, bytes / 1024)} KB";
}
