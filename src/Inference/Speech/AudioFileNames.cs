namespace ChatHub.Inference.Speech;

/// <summary>
/// The file name a transcription server is sent, told from the audio's first bytes (servers choose the decoder by the
/// extension): Ogg (<c>OggS</c>: Telegram and Discord voice notes, Opus), WebM/Matroska (EBML: browsers' MediaRecorder),
/// WAV, MP3, FLAC, MP4/M4A. Unknown bytes are named <c>.ogg</c>, the voice notes' format.
/// </summary>
public static class AudioFileNames
{
    /// <summary>How many leading bytes <see cref="For"/> reads.</summary>
    public const int SniffLength = 12;

    public static string For(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("OggS"u8))
        {
            return "voice.ogg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "voice.webm";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return "voice.wav";
        }

        if (head.StartsWith("fLaC"u8))
        {
            return "voice.flac";
        }

        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return "voice.m4a";
        }

        return head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) ? "voice.mp3" : "voice.ogg";
    }

    /// <summary>The name for a stream: its first bytes are read and the position put back (a stream that cannot seek is taken as Ogg).</summary>
    public static async ValueTask<string> ForAsync(Stream audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (!audio.CanSeek)
        {
            return "voice.ogg";
        }

        var start = audio.Position;
        var head = new byte[SniffLength];
        var read = await audio.ReadAtLeastAsync(head, SniffLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        audio.Position = start;
        return For(head.AsSpan(0, read));
    }
}
