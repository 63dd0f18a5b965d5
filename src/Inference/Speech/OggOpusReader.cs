using System.Buffers.Binary;

namespace ChatHub.Inference.Speech;

/// <summary>
/// The Opus packets of an Ogg Opus stream (RFC 3533 pages, RFC 7845 mapping), for local decoding: pages are walked by
/// their headers (capture pattern, version 0, segment table), packets joined across pages by their lacing (a segment of
/// 255 continues), the first packet must be the <c>OpusHead</c> (its channel count and pre-skip are kept) and the second
/// the <c>OpusTags</c>; the others are audio. Only the first logical stream is read. Malformed input throws
/// <see cref="InvalidDataException"/>; a truncated last page ends the stream.
/// </summary>
public sealed class OggOpusReader
{
    private const int HeaderSize = 27;

    private OggOpusReader(int channels, int preSkip, IReadOnlyList<ReadOnlyMemory<byte>> packets)
    {
        Channels = channels;
        PreSkip = preSkip;
        Packets = packets;
    }

    /// <summary>The channel count of the OpusHead (1 or 2 for mapping family 0).</summary>
    public int Channels { get; }

    /// <summary>Samples (at 48 kHz) to drop from the start of the decoded audio.</summary>
    public int PreSkip { get; }

    /// <summary>The audio packets, in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Packets { get; }

    public static OggOpusReader Read(ReadOnlyMemory<byte> ogg)
    {
        var packets = new List<ReadOnlyMemory<byte>>();
        var pending = new List<ReadOnlyMemory<byte>>(); // the pieces of a packet that continues on the next page
        int? serial = null;
        var position = 0;
        var span = ogg.Span;
        while (position + HeaderSize <= span.Length)
        {
            var page = span[position..];
            if (!page.StartsWith("OggS"u8) || page[4] != 0)
            {
                throw new InvalidDataException($"No Ogg page at byte {position}.");
            }

            var segments = page[26];
            var bodyStart = HeaderSize + segments;
            if (bodyStart > page.Length)
            {
                break; // truncated
            }

            var lacing = page.Slice(HeaderSize, segments);
            var bodyLength = 0;
            foreach (var value in lacing)
            {
                bodyLength += value;
            }

            if (bodyStart + bodyLength > page.Length)
            {
                break; // truncated
            }

            var pageSerial = BinaryPrimitives.ReadInt32LittleEndian(page.Slice(14, 4));
            serial ??= pageSerial;
            if (pageSerial == serial)
            {
                var offset = position + bodyStart;
                var start = offset;
                foreach (var value in lacing)
                {
                    offset += value;
                    if (value < 255)
                    {
                        pending.Add(ogg[start..offset]);
                        packets.Add(Join(pending));
                        pending.Clear();
                        start = offset;
                    }
                }

                if (start < offset)
                {
                    pending.Add(ogg[start..offset]); // continued on the next page
                }
            }

            position += bodyStart + bodyLength;
        }

        if (packets.Count < 2 || !packets[0].Span.StartsWith("OpusHead"u8) || packets[0].Length < 19 || !packets[1].Span.StartsWith("OpusTags"u8))
        {
            throw new InvalidDataException("Not an Ogg Opus stream (no OpusHead and OpusTags).");
        }

        var head = packets[0].Span;
        var channels = head[9];
        if (channels is < 1 or > 2 || head[18] != 0)
        {
            throw new InvalidDataException($"Unsupported Opus channel layout ({channels} channels, mapping family {head[18]}).");
        }

        return new OggOpusReader(channels, BinaryPrimitives.ReadUInt16LittleEndian(head.Slice(10, 2)), packets[2..]);
    }

    private static ReadOnlyMemory<byte> Join(List<ReadOnlyMemory<byte>> pieces)
    {
        if (pieces.Count == 1)
        {
            return pieces[0];
        }

        var joined = new byte[pieces.Sum(piece => piece.Length)];
        var at = 0;
        foreach (var piece in pieces)
        {
            piece.Span.CopyTo(joined.AsSpan(at));
            at += piece.Length;
        }

        return joined;
    }
}
