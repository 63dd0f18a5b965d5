using System.Buffers.Binary;

namespace ChatHub.Conversation.Voice;

/// <summary>
/// The audio the hub accepts as a voice message: Opus in Ogg (Telegram's and Discord's voice notes) and in WebM (browsers'
/// MediaRecorder), told from the first bytes, never from a declared type or a file name; and an Ogg stream's length,
/// read from its last page.
/// </summary>
public static class AudioFormats
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs.</summary>
    public const int SniffLength = 4;

    public const string Ogg = "audio/ogg";
    public const string WebM = "audio/webm";

    /// <summary>The media type the bytes start with, or null when they are neither Ogg nor WebM.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith("OggS"u8) ? Ogg
        : head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) ? WebM
        : null;

    /// <summary>
    /// False when a platform declared a type that is plainly not a voice message (<c>audio/mpeg</c>, <c>video/mp4</c>);
    /// true for Ogg, Opus and WebM audio, or nothing declared (the bytes decide).
    /// </summary>
    public static bool MayBeAllowed(string? declaredType)
    {
        if (string.IsNullOrWhiteSpace(declaredType))
        {
            return true;
        }

        var type = declaredType.Split(';', 2)[0].Trim();
        return type.Equals(Ogg, StringComparison.OrdinalIgnoreCase) || type.Equals("audio/opus", StringComparison.OrdinalIgnoreCase)
            || type.Equals("audio/x-opus+ogg", StringComparison.OrdinalIgnoreCase) || type.Equals(WebM, StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/ogg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The length of an Ogg Opus stream: the granule position of its last complete page (48 kHz samples, RFC 7845) less
    /// the pre-skip of its OpusHead, walking the pages from the first (each header gives its own length, so nothing inside
    /// a packet is taken for a page; the walk ends at the first thing that is not a whole page); null when the bytes do not
    /// start as such a stream (a WebM recording). <see cref="VoiceOptions.MaxBytes"/> bounds what could follow unseen.
    /// </summary>
    public static TimeSpan? OggOpusDuration(ReadOnlySpan<byte> ogg)
    {
        const int headerSize = 27;
        long granule = -1;
        int? preSkip = null;
        var position = 0;
        while (position + headerSize <= ogg.Length)
        {
            var page = ogg[position..];
            if (!page.StartsWith("OggS"u8) || page[4] != 0 || headerSize + page[26] > page.Length)
            {
                break; // not a page (garbage after the stream, a broken file): the pages before it count
            }

            var segments = page[26];

            var bodyLength = 0;
            foreach (var lacing in page.Slice(headerSize, segments))
            {
                bodyLength += lacing;
            }

            var body = headerSize + segments;
            if (body + bodyLength > page.Length)
            {
                break; // a truncated last page: the pages before it count
            }

            if (preSkip is null)
            {
                // The first page holds the OpusHead: "OpusHead", version, channels, pre-skip (16-bit little-endian).
                if (bodyLength < 19 || !page[body..].StartsWith("OpusHead"u8))
                {
                    return null;
                }

                preSkip = BinaryPrimitives.ReadUInt16LittleEndian(page.Slice(body + 10, 2));
            }

            var pageGranule = BinaryPrimitives.ReadInt64LittleEndian(page.Slice(6, 8));
            if (pageGranule >= 0)
            {
                granule = pageGranule; // -1: no packet ends on this page
            }

            position += body + bodyLength;
        }

        return preSkip is not { } skip || granule < 0 ? null
            : granule <= skip ? TimeSpan.Zero
            : TimeSpan.FromSeconds((granule - skip) / 48_000.0);
    }
}
