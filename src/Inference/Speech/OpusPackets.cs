using System.Buffers.Binary;

namespace ChatHub.Inference.Speech;

/// <summary>
/// The Opus packets of a voice recording, whatever held them (Ogg pages, a WebM file), with what its OpusHead says:
/// the channel count and the pre-skip.
/// </summary>
/// <param name="Channels">1 or 2 (channel mapping family 0).</param>
/// <param name="PreSkip">Samples at 48 kHz to drop from the start of the decoded audio.</param>
/// <param name="Packets">The audio packets, in order.</param>
public sealed record OpusPackets(int Channels, int PreSkip, IReadOnlyList<ReadOnlyMemory<byte>> Packets)
{
    /// <summary>The stream from its OpusHead (RFC 7845 5.1: "OpusHead", version, channels, pre-skip, rate, gain, mapping family).</summary>
    public static OpusPackets From(ReadOnlySpan<byte> head, IReadOnlyList<ReadOnlyMemory<byte>> packets)
    {
        if (head.Length < 19 || !head.StartsWith("OpusHead"u8))
        {
            throw new InvalidDataException("No OpusHead.");
        }

        var channels = head[9];
        if (channels is < 1 or > 2 || head[18] != 0)
        {
            throw new InvalidDataException($"Unsupported Opus channel layout ({channels} channels, mapping family {head[18]}).");
        }

        return new OpusPackets(channels, BinaryPrimitives.ReadUInt16LittleEndian(head.Slice(10, 2)), packets);
    }
}
