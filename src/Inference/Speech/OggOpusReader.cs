using System.Buffers.Binary;

namespace ChatHub.Inference.Speech;

/// <summary>
/// The Opus packets of an Ogg Opus stream (RFC 3533 pages, RFC 7845 mapping), for local decoding: pages are walked by
/// their headers (capture pattern, version 0, segment table), packets joined across pages by their lacing (a segment of
/// 255 continues), the first packet must be the <c>OpusHead</c> (its channel count and pre-skip are kept) and the second
/// the <c>OpusTags</c>; the others are audio. Only the first logical stream is read. Malformed input throws
/// <see cref="InvalidDataException"/>; a truncated last page ends the stream.
/// </summary>
public static class OggOpusReader
{
    private const int HeaderSize = 27;

    public static OpusPackets Read(ReadOnlyMemory<byte> ogg)
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

        return OpusPackets.From(packets[0].Span, packets[2..]);
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
