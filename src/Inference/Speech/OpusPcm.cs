using System.Buffers.Binary;
using Concentus;

namespace ChatHub.Inference.Speech;

/// <summary>
/// Ogg or WebM Opus decoded to what whisper.cpp takes: 16 kHz mono 16-bit PCM, as a WAV file. Concentus (Opus in C#) decodes at
/// 48 kHz, mixing stereo down (its decoder gives silence when asked for 16 kHz directly, 2.2.2), the pre-skip is
/// dropped, and its Speex resampler takes 48 kHz to 16 kHz. Decoding stops with an <see cref="InvalidDataException"/>
/// past the given length: a few bytes per packet can stand for 120 ms of audio each, so the bytes alone do not bound
/// the samples.
/// </summary>
public static class OpusPcm
{
    public const int SampleRate = 16_000;

    private const int OpusRate = 48_000;

    /// <summary>The most samples one Opus packet decodes to (120 ms at 48 kHz).</summary>
    private const int MaxFrame = OpusRate * 120 / 1000;

    public static short[] DecodeOggOpus(ReadOnlyMemory<byte> ogg, TimeSpan maxDuration) => Decode(OggOpusReader.Read(ogg), maxDuration);

    public static short[] DecodeWebMOpus(ReadOnlyMemory<byte> webm, TimeSpan maxDuration) => Decode(WebMOpusReader.Read(webm), maxDuration);

    public static short[] Decode(OpusPackets stream, TimeSpan maxDuration)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var decoder = OpusCodecFactory.CreateDecoder(OpusRate, 1);
        var limit = (long)(maxDuration.TotalSeconds * OpusRate) + stream.PreSkip;
        var decoded = new List<short>(OpusRate * 4);
        var frame = new short[MaxFrame];
        foreach (var packet in stream.Packets)
        {
            var count = decoder.Decode(packet.Span, frame, MaxFrame, false);
            if (decoded.Count + count > limit)
            {
                throw new InvalidDataException($"The audio is longer than {maxDuration}.");
            }

            decoded.AddRange(frame.AsSpan(0, count));
        }

        var audio = decoded.ToArray().AsSpan(Math.Min(decoded.Count, stream.PreSkip));
        var resampler = ResamplerFactory.CreateResampler(1, OpusRate, SampleRate, 5);
        var output = new short[audio.Length / 3 + 64];
        var inLength = audio.Length;
        var outLength = output.Length;
        resampler.Process(0, audio, ref inLength, output, ref outLength);
        return output[..outLength];
    }

    /// <summary>A RIFF/WAVE file of 16-bit little-endian PCM, mono, at <see cref="SampleRate"/>.</summary>
    public static byte[] Wav(ReadOnlySpan<short> samples)
    {
        var data = samples.Length * 2;
        var wav = new byte[44 + data];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + data);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16); // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2); // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16); // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], data);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], samples[i]);
        }

        return wav;
    }
}
