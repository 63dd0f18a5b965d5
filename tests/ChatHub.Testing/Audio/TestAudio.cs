using System.Buffers.Binary;
using Concentus;
using Concentus.Enums;

namespace ChatHub.Testing.Audio;

/// <summary>
/// Real voice notes for the fakes to serve: mono Opus (Concentus's encoder, 48 kHz, 20 ms frames) in Ogg pages as
/// RFC 7845 and RFC 3533 lay them out (OpusHead with a pre-skip, OpusTags, one audio packet per page, granule positions
/// in 48 kHz samples counting the pre-skip, the page CRC), as Telegram and Discord send them.
/// </summary>
public static class TestAudio
{
    public const int SampleRate = 48_000;
    public const int FrameSamples = 960; // 20 ms
    public const ushort PreSkip = 312;

    /// <summary>A tone of <paramref name="seconds"/> (rounded up to whole 20 ms frames) at <paramref name="hertz"/>, as Ogg Opus.</summary>
    public static byte[] OggOpus(double seconds, double hertz = 440)
    {
        using var ogg = new MemoryStream();
        var serial = 0x43484842; // "CHHB"
        var sequence = 0;
        WritePage(ogg, serial, sequence++, 0, 0x02, OpusHead());
        WritePage(ogg, serial, sequence++, 0, 0x00, OpusTags());
        long granule = PreSkip;
        var packets = Packets(seconds, hertz);
        for (var i = 0; i < packets.Count; i++)
        {
            granule += FrameSamples;
            WritePage(ogg, serial, sequence++, granule, i == packets.Count - 1 ? (byte)0x04 : (byte)0x00, packets[i]);
        }

        return ogg.ToArray();
    }

    /// <summary>
    /// The same tone as a browser's MediaRecorder writes it (<c>audio/webm;codecs=opus</c>): the EBML header, a Segment
    /// and a Cluster of unknown size (a live recording), the track (number 1, <c>A_OPUS</c>, the OpusHead as CodecPrivate),
    /// and one SimpleBlock per packet.
    /// </summary>
    public static byte[] WebMOpus(double seconds, double hertz = 440)
    {
        using var webm = new MemoryStream();
        Element(webm, [0x1A, 0x45, 0xDF, 0xA3], Concat(Element([0x42, 0x82], "webm"u8.ToArray()), Element([0x42, 0x87], [4])));
        webm.Write([0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // Segment, unknown size
        var track = Concat(Element([0xD7], [1]), Element([0x86], "A_OPUS"u8.ToArray()), Element([0x63, 0xA2], OpusHead()));
        Element(webm, [0x16, 0x54, 0xAE, 0x6B], Element([0xAE], track)); // Tracks / TrackEntry
        webm.Write([0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // Cluster, unknown size
        Element(webm, [0xE7], [0]); // Timecode 0
        var timecode = 0;
        foreach (var packet in Packets(seconds, hertz))
        {
            Element(webm, [0xA3], Concat([0x81, (byte)(timecode >> 8), (byte)timecode, 0x80], packet)); // track 1, keyframe
            timecode += 20;
        }

        return webm.ToArray();
    }

    private static List<byte[]> Packets(double seconds, double hertz)
    {
        var frames = (int)Math.Ceiling(seconds * SampleRate / FrameSamples);
        var encoder = OpusCodecFactory.CreateEncoder(SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        var pcm = new short[FrameSamples];
        var packet = new byte[1275];
        var packets = new List<byte[]>(frames);
        for (var frame = 0; frame < frames; frame++)
        {
            for (var i = 0; i < FrameSamples; i++)
            {
                var t = (frame * FrameSamples + i) / (double)SampleRate;
                pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * hertz * t));
            }

            packets.Add(packet[..encoder.Encode(pcm, FrameSamples, packet, packet.Length)]);
        }

        return packets;
    }

    /// <summary>An EBML element: its id, its size as an 8-byte vint, its data.</summary>
    private static byte[] Element(byte[] id, byte[] data)
    {
        var size = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(size, (ulong)data.Length);
        size[0] = 0x01;
        return Concat(id, size, data);
    }

    private static void Element(Stream stream, byte[] id, byte[] data) => stream.Write(Element(id, data));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    private static byte[] OpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = 1; // channels
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), SampleRate);
        return head; // output gain 0, channel mapping family 0
    }

    private static byte[] OpusTags()
    {
        var vendor = "ChatHub.Testing"u8;
        var tags = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags.AsSpan(8), (uint)vendor.Length);
        vendor.CopyTo(tags.AsSpan(12));
        return tags; // no user comments
    }

    /// <summary>One page holding one whole packet (lacing values of 255 and a last one below 255).</summary>
    private static void WritePage(Stream ogg, int serial, int sequence, long granule, byte flags, ReadOnlySpan<byte> packet)
    {
        var lacing = new List<byte>();
        var rest = packet.Length;
        while (rest >= 255)
        {
            lacing.Add(255);
            rest -= 255;
        }

        lacing.Add((byte)rest);
        var page = new byte[27 + lacing.Count + packet.Length];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // version
        page[5] = flags;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)lacing.Count;
        lacing.ToArray().CopyTo(page, 27);
        packet.CopyTo(page.AsSpan(27 + lacing.Count));
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), Crc(page));
        ogg.Write(page);
    }

    /// <summary>Ogg's CRC-32: polynomial 0x04C11DB7, initial 0, not reflected, no final XOR, over the page with its CRC field zero.</summary>
    public static uint Crc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        foreach (var b in page)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}
