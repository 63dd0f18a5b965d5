using ChatHub.Conversation.Voice;
using ChatHub.Testing.Audio;

namespace ChatHub.Conversation.Tests.Voice;

/// <summary>Voice messages told from their bytes, and an Ogg Opus stream's length read from its pages.</summary>
public sealed class AudioFormatsTests
{
    [Theory]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0 }, AudioFormats.Ogg)]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F }, AudioFormats.WebM)]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4 }, null)] // MP3
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46 }, null)] // WAV
    [InlineData(new byte[] { 0x4F, 0x67 }, null)]
    public void Sniff_FirstBytes_OggOrWebMOnly(byte[] head, string? expected) => Assert.Equal(expected, AudioFormats.Sniff(head));

    [Theory]
    [InlineData("audio/ogg", true)]
    [InlineData("audio/ogg; codecs=opus", true)]
    [InlineData("audio/opus", true)]
    [InlineData("audio/webm", true)]
    [InlineData(null, true)]
    [InlineData("audio/mpeg", false)]
    [InlineData("video/mp4", false)]
    public void MayBeAllowed_DeclaredType(string? declared, bool expected) => Assert.Equal(expected, AudioFormats.MayBeAllowed(declared));

    [Fact]
    public void OggOpusDuration_ThreeSecondClip_ThreeSeconds()
    {
        var clip = TestAudio.OggOpus(3.0);

        Assert.Equal(TimeSpan.FromSeconds(3), AudioFormats.OggOpusDuration(clip));
    }

    [Fact]
    public void OggOpusDuration_TruncatedLastPage_ThePagesBeforeIt()
    {
        var clip = TestAudio.OggOpus(1.0);

        var duration = AudioFormats.OggOpusDuration(clip.AsSpan(0, clip.Length - 3));

        Assert.Equal(TimeSpan.FromSeconds(0.98), duration); // the last 20 ms page is cut
    }

    [Fact]
    public void OggOpusDuration_ForgedPageAfterTheStream_ThePagesBeforeIt()
    {
        var clip = TestAudio.OggOpus(0.2).ToList();
        // A forged page header with a huge granule whose segment table runs past the end: a backwards search for the
        // last "OggS" would take its granule; the walk stops at it.
        byte[] forged = [(byte)'O', (byte)'g', (byte)'g', (byte)'S', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200];
        clip.AddRange(forged);

        Assert.Equal(TimeSpan.FromSeconds(0.2), AudioFormats.OggOpusDuration(clip.ToArray()));
    }

    [Theory]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F })]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0 })]
    public void OggOpusDuration_NotAnOggOpusStream_Null(byte[] bytes) => Assert.Null(AudioFormats.OggOpusDuration(bytes));
}
