namespace ChatHub.Inference.Speech;

/// <summary>
/// The Opus packets of a WebM (Matroska) recording, as browsers' MediaRecorder writes it (<c>audio/webm;codecs=opus</c>):
/// EBML elements are walked in order, descending into the masters that lead to the audio (Segment, Tracks, TrackEntry,
/// Cluster, BlockGroup; a live recording leaves the Segment's and Clusters' sizes unknown, which is fine here), the
/// OpusHead is the track's CodecPrivate, and each SimpleBlock or Block of the first track is one packet (laced blocks,
/// which recorders do not write, are refused). Everything else is skipped by its size. Malformed input throws
/// <see cref="InvalidDataException"/>; a truncated last element ends the file.
/// </summary>
public static class WebMOpusReader
{
    private const uint Segment = 0x18538067;
    private const uint Tracks = 0x1654AE6B;
    private const uint TrackEntry = 0xAE;
    private const uint TrackNumber = 0xD7;
    private const uint CodecId = 0x86;
    private const uint CodecPrivate = 0x63A2;
    private const uint Cluster = 0x1F43B675;
    private const uint BlockGroup = 0xA0;
    private const uint Block = 0xA1;
    private const uint SimpleBlock = 0xA3;

    public static OpusPackets Read(ReadOnlyMemory<byte> webm)
    {
        var span = webm.Span;
        byte[]? head = null;
        string? codec = null;
        ulong? track = null;
        var packets = new List<ReadOnlyMemory<byte>>();
        var position = 0;
        while (position < span.Length)
        {
            if (!TryReadId(span[position..], out var id, out var idLength)
                || !TryReadSize(span[(position + idLength)..], out var size, out var sizeLength))
            {
                break; // truncated
            }

            var dataStart = position + idLength + sizeLength;
            if (id is Segment or Tracks or TrackEntry or Cluster or BlockGroup)
            {
                position = dataStart; // its children follow
                continue;
            }

            if (size is null)
            {
                throw new InvalidDataException($"Element 0x{id:X} of unknown size at byte {position}.");
            }

            if ((ulong)dataStart + size.Value > (ulong)span.Length)
            {
                break; // truncated
            }

            var data = webm.Slice(dataStart, (int)size.Value);
            switch (id)
            {
                case TrackNumber when track is null:
                    track = ReadUnsigned(data.Span);
                    break;
                case CodecId:
                    codec ??= System.Text.Encoding.ASCII.GetString(data.Span);
                    break;
                case CodecPrivate:
                    head ??= data.ToArray();
                    break;
                case SimpleBlock or Block:
                    if (BlockPayload(data, track) is { } packet)
                    {
                        packets.Add(packet);
                    }

                    break;
            }

            position = dataStart + (int)size.Value;
        }

        if (codec is not null && codec != "A_OPUS")
        {
            throw new InvalidDataException($"The WebM audio is {codec}, not Opus.");
        }

        if (head is null)
        {
            throw new InvalidDataException("Not a WebM Opus recording (no OpusHead in the track).");
        }

        return OpusPackets.From(head, packets);
    }

    /// <summary>The frame of a block of <paramref name="track"/> (track number, 16-bit timecode, flags, then the frame); null for another track.</summary>
    private static ReadOnlyMemory<byte>? BlockPayload(ReadOnlyMemory<byte> block, ulong? track)
    {
        var span = block.Span;
        if (!TryReadSize(span, out var number, out var length) || span.Length < length + 3)
        {
            throw new InvalidDataException("A block too short for its header.");
        }

        if (track is not null && number != track)
        {
            return null;
        }

        var flags = span[length + 2];
        if ((flags & 0x06) != 0)
        {
            throw new InvalidDataException("Laced blocks are not supported.");
        }

        return block[(length + 3)..];
    }

    /// <summary>An element id: 1 to 4 bytes, its length told by the first byte's leading zeros, the marker bit kept.</summary>
    private static bool TryReadId(ReadOnlySpan<byte> span, out uint id, out int length)
    {
        id = 0;
        length = 0;
        if (span.IsEmpty || span[0] == 0)
        {
            return !span.IsEmpty ? throw new InvalidDataException("An invalid EBML element id.") : false;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)span[0]) - 24 + 1;
        if (length > 4)
        {
            throw new InvalidDataException("An EBML element id longer than 4 bytes.");
        }

        if (span.Length < length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            id = (id << 8) | span[i];
        }

        return true;
    }

    /// <summary>A size (or a track number): 1 to 8 bytes, the marker bit dropped; all value bits set means unknown (null).</summary>
    private static bool TryReadSize(ReadOnlySpan<byte> span, out ulong? size, out int length)
    {
        size = null;
        length = 0;
        if (span.IsEmpty)
        {
            return false;
        }

        if (span[0] == 0)
        {
            throw new InvalidDataException("An EBML size longer than 8 bytes.");
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)span[0]) - 24 + 1;
        if (span.Length < length)
        {
            return false;
        }

        ulong value = (ulong)(span[0] & (0xFF >> length));
        var allOnes = value == (ulong)(0xFF >> length);
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | span[i];
            allOnes &= span[i] == 0xFF;
        }

        size = allOnes ? null : value;
        return true;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        foreach (var b in data[..Math.Min(8, data.Length)])
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
