using ChatHub.Inference.Speech;
using ChatHub.Testing.Audio;

namespace ChatHub.Inference.Tests.Speech;

/// <summary>Ogg Opus voice notes decoded to what whisper.cpp takes: 16 kHz mono PCM in a WAV file.</summary>
public sealed class OpusPcmTests
{
    [Fact]
    public void DecodeOggOpus_OneSecondTone_SixteenThousandSamplesAtTheSamePitch()
    {
        var samples = OpusPcm.DecodeOggOpus(TestAudio.OggOpus(1.0), TimeSpan.FromMinutes(1));

        // 50 frames of 20 ms at 48 kHz less the pre-skip (312), a third of it (the resampler holds back a few at the end).
        Assert.InRange(samples.Length, (48_000 - 312) / 3 - 64, (48_000 - 312) / 3);
        Assert.True(samples.Skip(4000).Take(8000).Max(s => Math.Abs((int)s)) > 2000, "the tone is heard");
        var crossings = samples.Zip(samples.Skip(1)).Count(pair => pair.First < 0 != pair.Second < 0);
        Assert.InRange(crossings, 850, 910); // 440 Hz: 880 zero crossings a second, whatever the sample rate
    }

    [Fact]
    public void DecodeWebMOpus_RecorderShapedFile_TheSameSamplesAsTheOggClip()
    {
        var fromWebM = OpusPcm.DecodeWebMOpus(TestAudio.WebMOpus(0.5), TimeSpan.FromMinutes(1));
        var fromOgg = OpusPcm.DecodeOggOpus(TestAudio.OggOpus(0.5), TimeSpan.FromMinutes(1));

        Assert.Equal(fromOgg, fromWebM); // the same packets and pre-skip, whatever held them
    }

    [Fact]
    public void ReadWebM_TruncatedInTheLastBlock_ThePacketsBefore()
    {
        var webm = TestAudio.WebMOpus(0.2);

        var stream = WebMOpusReader.Read(webm.AsMemory(0, webm.Length - 5));

        Assert.Equal(9, stream.Packets.Count); // 10 blocks of 20 ms, the last cut
        Assert.Equal(TestAudio.PreSkip, stream.PreSkip);
    }

    [Fact]
    public void ReadWebM_NotWebM_InvalidData() =>
        Assert.Throws<InvalidDataException>(() => WebMOpusReader.Read(TestAudio.OggOpus(0.1)));

    [Fact]
    public void DecodeOggOpus_LongerThanAllowed_InvalidData() =>
        Assert.Throws<InvalidDataException>(() => OpusPcm.DecodeOggOpus(TestAudio.OggOpus(2.0), TimeSpan.FromSeconds(1)));

    [Fact]
    public void DecodeOggOpus_NotOgg_InvalidData() =>
        Assert.Throws<InvalidDataException>(() => OpusPcm.DecodeOggOpus(new byte[64], TimeSpan.FromMinutes(1)));

    [Fact]
    public void Read_VoiceNote_TheHeadAndTheAudioPackets()
    {
        var reader = OggOpusReader.Read(TestAudio.OggOpus(0.1));

        Assert.Equal(1, reader.Channels);
        Assert.Equal(TestAudio.PreSkip, reader.PreSkip);
        Assert.Equal(5, reader.Packets.Count);
    }

    [Fact]
    public void Wav_Samples_A16kHzMonoPcmHeader()
    {
        var wav = OpusPcm.Wav([1, -1, 300]);

        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(16_000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(1, BitConverter.ToInt16(wav, 22));
        Assert.Equal(6, BitConverter.ToInt32(wav, 40));
        Assert.Equal(300, BitConverter.ToInt16(wav, 48));
    }
}
