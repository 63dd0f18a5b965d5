using ChatHub.Conversation.Images;

namespace ChatHub.Conversation.Tests.Images;

/// <summary>The type of a picture comes from its first bytes; declared types only rule out what is plainly no image.</summary>
public sealed class ImageFormatsTests
{
    [Theory]
    [InlineData("FFD8FFE000104A46494600", ImageFormats.Jpeg)]
    [InlineData("89504E470D0A1A0A0000000D", ImageFormats.Png)]
    [InlineData("474946383961010001000000", ImageFormats.Gif)] // GIF89a
    [InlineData("474946383761010001000000", ImageFormats.Gif)] // GIF87a
    [InlineData("524946462400000057454250", ImageFormats.Webp)] // RIFF....WEBP
    [InlineData("524946462400000057415645", null)] // RIFF....WAVE: a sound
    [InlineData("255044462D312E370A", null)] // %PDF-1.7
    [InlineData("3C7376672077696474683D", null)] // <svg: scripts, not accepted
    [InlineData("49492A0008000000", null)] // TIFF
    [InlineData("89504E47", null)] // a PNG signature cut short
    [InlineData("", null)]
    public void Sniff_LeadingBytes_MediaTypeOrNull(string hex, string? expected)
    {
        Assert.Equal(expected, ImageFormats.Sniff(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("image/jpeg; charset=binary", true)]
    [InlineData("IMAGE/WEBP", true)]
    [InlineData("image/*", true)] // Teams
    [InlineData(null, true)]
    [InlineData("image/tiff", false)]
    [InlineData("image/svg+xml", false)]
    [InlineData("application/pdf", false)]
    public void MayBeAllowed_DeclaredType(string? declared, bool allowed)
    {
        Assert.Equal(allowed, ImageFormats.MayBeAllowed(declared));
    }

    [Theory]
    [InlineData(20L * 1024 * 1024, "20 MB")]
    [InlineData(10L * 1024 * 1024 + 1, "10 MB")]
    [InlineData(512 * 1024, "512 KB")]
    [InlineData(10, "1 KB")]
    public void Describe_Bytes_ForPeople(long bytes, string expected)
    {
        Assert.Equal(expected, ImageFormats.Describe(bytes));
    }
}
